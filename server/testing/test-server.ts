// Helpers for the server's tests: a real app on a temporary DATA_DIR, with a small APP_DIR of samples.
import type { FastifyInstance } from 'fastify';
export { freePort } from './free-port.ts';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { buildApp } from '../app.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import { testConfig, type AkoolSettings, type RateLimits, type ServerConfig } from '../config.ts';

export function solidPng(width: number, height: number, hex: string, alpha = 1): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { ...rgb(hex), alpha } } }).png().toBuffer();
}

export function rgb(hex: string) {
  return { r: parseInt(hex.slice(1, 3), 16), g: parseInt(hex.slice(3, 5), 16), b: parseInt(hex.slice(5, 7), 16) };
}

/** The RGBA value at (x, y) of an encoded image. */
export async function pixelReader(image: Buffer) {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    at: (x: number, y: number) => {
      const i = (y * info.width + x) * 4;
      return [data[i], data[i + 1], data[i + 2], data[i + 3]];
    },
  };
}

/** An APP_DIR with index.html and samples/foreground.png (red 40x30) and samples/background.jpg (blue 50x50). */
export async function makeAppDir(): Promise<string> {
  const appDir = mkdtempSync(join(tmpdir(), 'composer-app-'));
  mkdirSync(join(appDir, 'samples'));
  writeFileSync(join(appDir, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(appDir, 'samples', 'foreground.png'), await solidPng(40, 30, '#ff0000'));
  writeFileSync(
    join(appDir, 'samples', 'background.jpg'),
    await sharp({ create: { width: 50, height: 50, channels: 3, background: '#0000ff' } }).jpeg({ quality: 100 }).toBuffer(),
  );
  return appDir;
}

export type ConfigOverrides = Omit<Partial<ServerConfig>, 'akool' | 'rateLimits'> & { akool?: Partial<AkoolSettings>; rateLimits?: Partial<RateLimits> };

export interface TestServer {
  app: FastifyInstance;
  config: ServerConfig;
  /** Base URL when listening (listen: true), else "http://localhost" as inject sees it. */
  url: string;
  close(): Promise<void>;
}

/** Log lines a test server wrote, when started with `captureLog`. */
export class LogCapture {
  readonly lines: string[] = [];
  private readonly waiting = new Set<{ match: (line: string) => boolean; found: (line: string) => void }>();
  write(line: string): void {
    this.lines.push(line);
    for (const waiter of this.waiting) {
      if (!waiter.match(line)) continue;
      this.waiting.delete(waiter);
      waiter.found(line);
    }
  }
  /** The first line, already written or still to come, that `match` accepts: for a test that must wait for
   * something the server does in the background and only logs. */
  line(match: (line: string) => boolean): Promise<string> {
    const written = this.lines.find(match);
    if (written !== undefined) return Promise.resolve(written);
    return new Promise((found) => this.waiting.add({ match, found }));
  }
  get text(): string {
    return this.lines.join('');
  }
}

export async function startTestServer(
  overrides: ConfigOverrides = {},
  options: { listen?: boolean; captureLog?: LogCapture; jobQueue?: JobQueue } = {},
): Promise<TestServer> {
  const config = testConfig({
    dataDir: mkdtempSync(join(tmpdir(), 'composer-data-')),
    appDir: overrides.appDir ?? (await makeAppDir()),
    renderConcurrency: 2,
    ...overrides,
  });
  process.env.LOG_LEVEL ??= 'silent';
  const app = await buildApp(config, {
    ...(options.captureLog ? { logStream: options.captureLog, logLevel: 'debug' } : {}),
    ...(options.jobQueue ? { jobQueue: options.jobQueue } : {}),
  });
  let url = 'http://localhost';
  if (options.listen) {
    await app.listen({ host: '127.0.0.1', port: overrides.port ?? 0 });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  } else {
    await app.ready();
  }
  return { app, config, url, close: () => app.close() };
}

/** A port free right now on 127.0.0.1, for a server whose own URL must be known before it starts. */
/** A multipart/form-data body with one file field. */
export function multipart(field: string, filename: string, data: Buffer, type = 'application/octet-stream') {
  const boundary = `----test${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function upload(app: FastifyInstance, data: Buffer, filename = 'image.png') {
  const response = await app.inject({ method: 'POST', url: '/api/uploads', ...multipart('file', filename, data) });
  return { status: response.statusCode, body: response.json() as Record<string, unknown> & { id: string; url: string } };
}

export interface JobJson {
  id: string;
  status: string;
  provider: string;
  error?: { code?: number; message: string };
  result?: { width: number; height: number; bytes: number; url: string };
  [key: string]: unknown;
}

/** Polls GET /api/jobs/:id until the job is completed or failed. */
export async function waitForFinal(app: FastifyInstance, id: string, timeoutMs = 10_000, headers: Record<string, string> = {}): Promise<JobJson> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await app.inject({ url: `/api/jobs/${id}`, headers })).json() as JobJson;
    if (job.status === 'completed' || job.status === 'failed') return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
