import { z } from 'zod';
import { AKOOL_EXAMPLES, backgroundChangeRequestSchema, batchRequestSchema, reflectionInputSchema, shadowsInputSchema } from '../../src/core/index.ts';

/**
 * The shapes several routes answer with, for the OpenAPI description (server/api/openapi.ts). They are strict:
 * server/api/openapi.test.ts parses real answers with them, so a field added to a view without its description
 * fails there.
 */

/** A Background Change request as Akool's API page defines it, with the page's own examples. A copy of the
 * schema, so that these examples describe the request body and not a job's `request` too. */
export const backgroundChangeRequestBody = backgroundChangeRequestSchema.clone().register(z.globalRegistry, {
  description: "Akool's Background Change request: where the foreground and an optional background image go on the canvas. validateRequest (src/core) adds the rules between fields",
  examples: Object.values(AKOOL_EXAMPLES),
});

export const idParams = z.object({ id: z.string().meta({ description: 'A 24-character hexadecimal id' }) });

export const errorBody = z
  .strictObject({
    error: z.strictObject({
      message: z.string().meta({ description: 'What is wrong, in plain words' }),
      fields: z.optional(z.record(z.string(), z.string()).meta({ description: 'Field (or `body`, `file`, `url`) -> what is wrong with it' })),
    }),
  })
  .meta({ description: 'An error', examples: [{ error: { message: 'no job 0123456789abcdef01234567' } }] });

const jobStatus = z.enum(['queued', 'processing', 'completed', 'failed']);
const isoTime = z.iso.datetime();

export const jobSchema = z
  .strictObject({
    id: z.string(),
    status: jobStatus,
    provider: z.string().meta({ description: 'Who renders it: "local" or "akool"' }),
    request: backgroundChangeRequestSchema,
    createdAt: isoTime,
    updatedAt: isoTime,
    error: z.optional(z.strictObject({ code: z.optional(z.number()), message: z.string() })),
    result: z.optional(
      z.strictObject({
        width: z.int(),
        height: z.int(),
        bytes: z.int(),
        format: z.literal('png'),
        url: z.url().meta({ description: 'GET it for the PNG; ?format=jpeg or webp converts' }),
      }),
    ),
  })
  .meta({
    description: 'A job',
    examples: [
      {
        id: '66a1f0c2b5e4d3a2c1b0a998',
        status: 'completed',
        provider: 'local',
        request: { canvas_size: '1024x1024', color_code: '#aafbe3', origin_img: 'https://example.com/portrait.png', modify_origin_img_size: '800x900', overlay_origin_x: 112, overlay_origin_y: 124 },
        createdAt: '2026-05-01T10:00:00.000Z',
        updatedAt: '2026-05-01T10:00:01.250Z',
        result: { width: 1024, height: 1024, bytes: 912345, format: 'png', url: 'https://composer.example.com/api/jobs/66a1f0c2b5e4d3a2c1b0a998/result' },
      },
    ],
  });

export const uploadSchema = z
  .strictObject({
    id: z.string(),
    url: z.url().meta({ description: 'Where the stored image is served; usable as origin_img or template_url' }),
    name: z.string().nullable().meta({ description: 'The file name it was uploaded with, if any' }),
    width: z.int(),
    height: z.int(),
    format: z.enum(['png', 'jpeg', 'webp']),
    bytes: z.int(),
  })
  .meta({
    description: 'A stored image',
    examples: [{ id: '66a1f0c2b5e4d3a2c1b0a999', url: 'https://composer.example.com/api/uploads/66a1f0c2b5e4d3a2c1b0a999', name: 'portrait.png', width: 800, height: 900, format: 'png', bytes: 412000 }],
  });

/** A binary answer (an image, an archive): described as such, not validated. */
export function binaryAnswer(description: string, ...mediaTypes: string[]) {
  return { description, content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])) };
}

/** An answer with no body. */
export function emptyAnswer(description: string) {
  return { description, type: 'null' };
}

export const complianceReportSchema = z
  .strictObject({
    marketplace: z.string().meta({ description: 'The marketplace checked, e.g. "amazon"' }),
    passed: z.boolean().meta({ description: 'Every rule that can be checked passed' }),
    checks: z.array(
      z.strictObject({
        rule: z.string().meta({ description: 'background, fill, whole-subject, longest-side, pixels, format or file-size' }),
        passed: z.boolean().nullable().meta({ description: 'null when the rule cannot be judged from what is known' }),
        measured: z.string().meta({ description: 'What the result has, in words ("83.0 %")' }),
        required: z.string().meta({ description: 'What the marketplace asks, in words ("at least 85 %")' }),
      }),
    ),
  })
  .meta({
    description: "A result checked against a marketplace's image rules",
    examples: [{ marketplace: 'amazon', passed: false, checks: [{ rule: 'fill', passed: false, measured: '62.5 %', required: 'at least 85 %' }] }],
  });

/** `POST /api/batches`'s body, for a server taking at most `maxItems` products a batch. */
export function batchRequestBody(maxItems: number) {
  return batchRequestSchema(maxItems).register(z.globalRegistry, {
    description:
      'One layout (a Background Change request whose foreground box is the slot; its origin_img is never fetched) and the products placed in that slot one by one. A bad item is reported in its own entry and does not stop the others',
    examples: [
      {
        layout: { canvas_size: '1024x1024', color_code: '#ffffff', origin_img: 'https://example.com/slot.png', modify_origin_img_size: '400x600', overlay_origin_x: 312, overlay_origin_y: 300 },
        placement: { anchor: 'bottom' },
        removeBackground: false,
        items: [
          { image: 'https://example.com/mug.png', name: 'mug.png' },
          { image: 'https://example.com/vase.png', name: 'vase.png', box: { x: 300, y: 280, width: 420, height: 640 }, shadow: { type: 'contact' } },
        ],
      },
    ],
  });
}

export const batchItemParams = z.object({
  id: z.string().meta({ description: "The batch's 24-character hexadecimal id" }),
  index: z.string().meta({ description: "The item's place in the batch, from 0" }),
});

const rectSchema = z.strictObject({ x: z.int(), y: z.int(), width: z.int(), height: z.int() });

const batchItemSchema = z.strictObject({
  index: z.int().meta({ description: 'Its place in the batch, from 0' }),
  name: z.string().meta({ description: "The product's name, as sent" }),
  fileName: z.string().meta({ description: 'Its file in the ZIP and in the result download' }),
  image: z.string().meta({ description: "The product's image URL, as sent" }),
  box: z.optional(rectSchema.meta({ description: "The editor's override of the placement rule, in canvas pixels" })),
  shadow: z.optional(shadowsInputSchema).meta({ description: 'Its own shadow(s), as sent (as POST /api/foregrounds takes them)' }),
  reflection: z.optional(reflectionInputSchema).meta({ description: 'Its own reflection, as sent' }),
  jobId: z.string().meta({ description: 'The job the item becomes (GET /api/jobs/{id} once it is queued)' }),
  status: z.enum(['waiting', 'queued', 'processing', 'completed', 'failed', 'cancelled']).meta({ description: 'waiting: not yet a job; then its job\'s status' }),
  error: z.optional(z.string().meta({ description: 'Why it failed' })),
  result: z.optional(z.url().meta({ description: 'Its PNG, as a download (when completed)' })),
  preview: z.optional(z.url().meta({ description: "Its job's preview (when completed)" })),
});

const batchFields = {
  id: z.string(),
  status: z.enum(['running', 'paused', 'cancelling', 'cancelled', 'done']),
  total: z.int(),
  completed: z.int(),
  failed: z.int(),
  cancelled: z.int(),
  left: z.int().meta({ description: 'Items neither completed, failed nor cancelled' }),
  paused: z.optional(z.string().meta({ description: 'Why the batch is paused, and what to do (then POST …/resume)' })),
  secondsLeft: z.int().nullable().meta({ description: 'An estimate from the pace so far; null before any item finished' }),
  createdAt: isoTime,
  updatedAt: isoTime.meta({ description: 'The latest change of the batch or any of its jobs: the long poll\'s `since`' }),
  layout: backgroundChangeRequestSchema,
  placement: z.strictObject({ anchor: z.enum(['bottom', 'center']), scale: z.optional(z.number()) }),
  removeBackground: z.boolean(),
  zip: z.url().meta({ description: 'GET it for a ZIP of the completed results, streamed' }),
};

const batchExample = {
  id: '66a1f0c2b5e4d3a2c1b0a990',
  status: 'running',
  total: 2,
  completed: 1,
  failed: 0,
  cancelled: 0,
  left: 1,
  secondsLeft: 4,
  createdAt: '2026-05-01T10:00:00.000Z',
  updatedAt: '2026-05-01T10:00:03.500Z',
  layout: { canvas_size: '1024x1024', color_code: '#ffffff', origin_img: 'https://example.com/slot.png', modify_origin_img_size: '400x600', overlay_origin_x: 312, overlay_origin_y: 300 },
  placement: { anchor: 'bottom' },
  removeBackground: false,
  zip: 'https://composer.example.com/api/batches/66a1f0c2b5e4d3a2c1b0a990/zip',
};

export const batchSchema = z.strictObject({ ...batchFields, items: z.array(batchItemSchema) }).meta({
  description: 'A batch: one layout over many products, each item with its live status',
  examples: [
    {
      ...batchExample,
      items: [
        {
          index: 0,
          name: 'mug.png',
          fileName: 'mug.png',
          image: 'https://example.com/mug.png',
          jobId: '66a1f0c2b5e4d3a2c1b0a991',
          status: 'completed',
          result: 'https://composer.example.com/api/batches/66a1f0c2b5e4d3a2c1b0a990/items/0/result',
          preview: 'https://composer.example.com/api/jobs/66a1f0c2b5e4d3a2c1b0a991/preview',
        },
        { index: 1, name: 'vase.png', fileName: 'vase.png', image: 'https://example.com/vase.png', jobId: '66a1f0c2b5e4d3a2c1b0a992', status: 'processing' },
      ],
    },
  ],
});

/** A batch in the list: its counts without its items. */
export const batchSummarySchema = z.strictObject(batchFields).meta({ description: 'A batch without its items', examples: [batchExample] });
