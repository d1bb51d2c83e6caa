import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Where the description and its reference page are served. */
export const OPENAPI_PATH = '/api/openapi.json';
export const API_DOCS_PATH = '/api/docs';

const { version, description } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string; description: string };

/** A zod schema, as opposed to a schema written out as JSON (a binary answer's `content`). */
export function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

/** JSON Schema (2020-12, as OpenAPI 3.1 has it) of a zod schema: what a client sends for a request, what it
 * receives for an answer. Checks zod cannot put in JSON Schema (refinements) are left out, not guessed. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
  // zod drops the examples of a schema that transforms (the colour is normalised) from its input side; ours
  // are written as a client sends them (openapi.test.ts checks that they validate).
  const examples = z.globalRegistry.get(schema)?.examples;
  if (io === 'input' && examples !== undefined) json.examples ??= examples as unknown[];
  return json;
}

function toJsonSchemas(schema: FastifySchema): FastifySchema {
  const converted: Record<string, unknown> = { ...schema };
  for (const part of ['body', 'querystring', 'params', 'headers'] as const) {
    const value = schema[part];
    if (isZodSchema(value)) converted[part] = jsonSchemaOf(value, 'input');
  }
  if (schema.response && typeof schema.response === 'object') {
    converted.response = Object.fromEntries(
      Object.entries(schema.response).map(([status, value]) => [status, isZodSchema(value) ? jsonSchemaOf(value, 'output') : value]),
    );
  }
  return converted as FastifySchema;
}

/**
 * The OpenAPI description of the HTTP API at `GET /api/openapi.json`, made from the routes' own schemas as they
 * are registered (so registered before them), and a reference page reading it at `/api/docs`.
 *
 * A route's `schema` holds the zod schemas its handler validates with. Fastify does not validate or serialize
 * with them (the compilers below pass values through): the handlers do, so that every error names its field in
 * this API's words and Akool's protocol keeps its own envelope and order of checks. Description and
 * validation are the same objects, so they cannot drift apart.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  app.setValidatorCompiler(() => (value) => ({ value }));
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Background Composer', version, description },
      tags: [
        { name: 'jobs', description: 'Background Change jobs: submit, follow, fetch the result, delete and restore' },
        { name: 'batches', description: 'One layout over a catalogue of products: start, follow, cancel, resume, retry, download the ZIP' },
        { name: 'images', description: 'Uploads, remote images and foregrounds cut out of photos' },
        { name: 'akool', description: "Akool's own wire protocol, served by this server, and Akool's callback" },
        { name: 'server', description: 'Health, access session, source code and this description' },
      ],
    },
    transform: ({ schema, url }) => ({ schema: schema ? toJsonSchemas(schema) : schema, url }),
  });
  app.get(
    OPENAPI_PATH,
    { schema: { summary: 'This OpenAPI description (3.1)', tags: ['server'], response: { 200: { description: 'The OpenAPI document', type: 'object' } } } },
    async () => app.swagger(),
  );
  // The page reads the same document from its own `/api/docs/json`.
  await app.register(fastifySwaggerUi, { routePrefix: API_DOCS_PATH, uiConfig: { deepLinking: true } });
}
