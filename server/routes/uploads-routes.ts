import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { binaryAnswer, errorBody, idParams, uploadSchema } from '../api/api-schemas.ts';
import type { ServerConfig } from '../config.ts';
import { CONTENT_TYPES, ImageRejected, MAX_UPLOAD_BYTES, prepareUpright } from '../images/inspect-image.ts';
import { uploadName } from '../images/upload-name.ts';
import { uploadKey } from '../storage/blob-keys.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { isId, newUploadId } from '../storage/ids.ts';
import type { UploadRecord } from '../domain/upload.ts';
import type { UploadRepository } from '../storage/upload-repository.ts';
import { baseUrl } from './request-origin.ts';

/** An upload as the API shows it (POST /api/uploads, GET /api/uploads/:id/info, and within POST /api/foregrounds). */
export function uploadView(upload: UploadRecord, request: FastifyRequest, config: ServerConfig) {
  return {
    id: upload.id,
    url: `${baseUrl(request, config)}/api/uploads/${upload.id}`,
    name: upload.name,
    width: upload.width,
    height: upload.height,
    format: upload.format,
    bytes: upload.bytes,
  };
}

export async function registerUploadsRoutes(
  app: FastifyInstance,
  deps: { config: ServerConfig; uploads: UploadRepository; blobs: BlobStore },
): Promise<void> {
  app.post('/api/uploads', {
    schema: {
      summary: 'Store an image (PNG, JPEG or WebP), turned upright',
      tags: ['images'],
      consumes: ['multipart/form-data'],
      body: z.object({ file: z.string().meta({ contentMediaType: 'application/octet-stream', description: `The image, at most ${MAX_UPLOAD_BYTES / 1048576} MB` }) }),
      // 4xx: the multipart reader's own refusals (a file too large, too many parts) keep their status.
      response: { 201: uploadSchema, 400: errorBody, 413: errorBody, 415: errorBody, 422: errorBody, 429: errorBody, '4xx': errorBody },
    },
  }, async (request, reply) => {
    if (!request.isMultipart()) {
      return reply.code(415).send({ error: { message: 'send the image as multipart/form-data in the field "file"', fields: { file: 'missing' } } });
    }
    let bytes: Buffer | null = null;
    let name: string | null = null;
    try {
      for await (const part of request.parts({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } })) {
        if (part.type === 'file' && part.fieldname === 'file') {
          bytes = await part.toBuffer(); // throws 413 past the limit, before anything is decoded
          name = uploadName(part.filename);
        } else if (part.type === 'file') {
          part.file.resume();
        }
      }
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      const message = status === 413 ? `the file is larger than ${MAX_UPLOAD_BYTES / 1048576} MB` : `the upload could not be read: ${(error as Error).message}`;
      return reply.code(status).send({ error: { message, fields: { file: message } } });
    }
    if (!bytes) {
      return reply.code(400).send({ error: { message: 'no image in the multipart field "file"', fields: { file: 'missing' } } });
    }
    let image;
    try {
      image = await prepareUpright(bytes);
    } catch (error) {
      if (!(error instanceof ImageRejected)) throw error;
      return reply.code(error.statusCode).send({ error: { message: error.message, fields: { file: error.message } } });
    }
    const id = newUploadId();
    await deps.blobs.put(uploadKey(id), image.data);
    const record = { id, format: image.format, width: image.width, height: image.height, bytes: image.data.length, name, createdAt: Date.now() };
    await deps.uploads.insert(record);
    return reply.code(201).send(uploadView(record, request, deps.config));
  });

  // What is known about an upload, its original file name included: the editor shows that name for a layer
  // whose image is an upload of this server (a job opened from the history, a reloaded draft).
  app.get<{ Params: { id: string } }>('/api/uploads/:id/info', {
    schema: { summary: 'What is known about an upload, its file name included', tags: ['images'], params: idParams, response: { 200: uploadSchema, 404: errorBody } },
  }, async (request, reply) => {
    const upload = isId(request.params.id) ? await deps.uploads.get(request.params.id) : null;
    if (!upload) return reply.code(404).send({ error: { message: `no upload ${request.params.id}` } });
    return uploadView(upload, request, deps.config);
  });

  // No access token here: the id is 96 random bits, and Akool must be able to fetch uploads it is sent.
  app.get<{ Params: { id: string } }>('/api/uploads/:id', {
    schema: {
      summary: 'An uploaded image (open to all: its id is 96 random bits, and Akool fetches it)',
      tags: ['images'],
      params: idParams,
      response: { 200: binaryAnswer('The image', ...Object.values(CONTENT_TYPES)), 404: errorBody },
    },
  }, async (request, reply) => {
    const upload = isId(request.params.id) ? await deps.uploads.get(request.params.id) : null;
    if (!upload) return reply.code(404).send({ error: { message: `no upload ${request.params.id}` } });
    const { size, stream } = await deps.blobs.open(uploadKey(upload.id));
    return reply
      .header('content-length', size)
      .header('content-type', CONTENT_TYPES[upload.format])
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(stream);
  });
}
