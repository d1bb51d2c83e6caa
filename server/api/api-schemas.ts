import { z } from 'zod';
import { AKOOL_EXAMPLES, backgroundChangeRequestSchema } from '../../src/core/index.ts';

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
