import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pixelReader, solidPng, startTestServer, upload, waitForFinal, type TestServer } from '../testing/test-server.ts';
import { pngChunk } from '../testing/png-chunk.ts';

// Hostile files sent as uploads, made here in code: each refused with its reason, no file left behind, the
// server alive after. Then odd but valid images that must work end to end (stored and rendered right).

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ rateLimits: { uploadsPerMinute: 10_000, jobsPerMinute: 10_000 } });
});
afterAll(() => server.close());


/** A PNG of `width` x `height` greyscale pixels; with `rows` the IDAT really holds that many zero rows. */
function png(width: number, height: number, rows = 0): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const idat = deflateSync(Buffer.alloc(rows * (width + 1)), { level: 9 });
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
}

function zip(): Buffer {
  // A stored (uncompressed) zip of one file "a.png" holding text.
  const name = Buffer.from('a.png');
  const data = Buffer.from('not really a png');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt32LE(crc32(data), 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  return Buffer.concat([local, name, data, Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)]);
}

interface HostileCase {
  name: string;
  filename: string;
  make: () => Promise<Buffer> | Buffer;
  status: number;
  reason: RegExp;
}

const NOT_AN_IMAGE = /is not a PNG, JPEG, WebP or AVIF image \(judged by its content, not its name\)/;

const hostile: HostileCase[] = [
  { name: 'an empty file', filename: 'empty.png', make: () => Buffer.alloc(0), status: 415, reason: NOT_AN_IMAGE },
  { name: 'text named .png', filename: 'photo.png', make: () => Buffer.from('hello, I am text\n'), status: 415, reason: NOT_AN_IMAGE },
  { name: 'a truncated PNG', filename: 'cut.png', make: async () => (await solidPng(64, 64, '#ff00ff')).subarray(0, 70), status: 422, reason: /damaged PNG|header cannot be read/ },
  { name: 'a PNG header claiming 100000x100000', filename: 'huge.png', make: () => png(100_000, 100_000), status: 413, reason: /100000x100000 .* at most 100 megapixels/ },
  { name: 'a decompression bomb (11000x10000 zeros in ~100 KB)', filename: 'bomb.png', make: () => png(11_000, 10_000, 10_000), status: 413, reason: /11000x10000 .* at most 100 megapixels/ },
  { name: 'a 30 MB file', filename: 'big.png', make: async () => Buffer.concat([await solidPng(2, 2, '#000000'), Buffer.alloc(30 * 1024 * 1024)]), status: 413, reason: /larger than 25 MB/ },
  { name: 'an SVG with a script', filename: 'logo.svg.png', make: () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>'), status: 415, reason: NOT_AN_IMAGE },
  { name: 'an HTML page', filename: 'page.jpg', make: () => Buffer.from('<!doctype html><html><script>fetch("/api/jobs")</script></html>'), status: 415, reason: NOT_AN_IMAGE },
  { name: 'a zip', filename: 'archive.png', make: zip, status: 415, reason: NOT_AN_IMAGE },
  { name: 'a GIF', filename: 'anim.png', make: () => Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64'), status: 415, reason: NOT_AN_IMAGE },
  { name: 'a PDF', filename: 'doc.png', make: () => Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'), status: 415, reason: NOT_AN_IMAGE },
  { name: 'a JPEG signature over garbage', filename: 'x.jpg', make: () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('garbage'.repeat(20))]), status: 422, reason: /JPEG/ },
  { name: 'a WebP header over garbage', filename: 'x.webp', make: () => Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'), Buffer.alloc(40, 7)]), status: 422, reason: /WEBP/ },
  { name: 'an ELF executable', filename: 'run.png', make: () => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(100)]), status: 415, reason: NOT_AN_IMAGE },
];

const storedFiles = () => readdirSync(join(server.config.dataDir, 'uploads'));

describe('hostile uploads', () => {
  it('has at least 10 cases', () => expect(hostile.length).toBeGreaterThanOrEqual(10));

  it.each(hostile)('refuses $name with $status and the reason, leaving no file', async ({ filename, make, status, reason }) => {
    const before = storedFiles();
    const file = await make(); // built before the clock starts: deflating the bomb's 110 MB is ours, not the server's
    const started = Date.now();
    const answer = await upload(server.app, file, filename);
    expect(answer.status).toBe(status);
    const error = answer.body.error as unknown as { message: string; fields: { file: string } };
    expect(error.message).toMatch(reason);
    expect(error.fields.file).toMatch(reason);
    expect(storedFiles()).toEqual(before);
    expect(Date.now() - started).toBeLessThan(5000); // refused from the header, not by decoding gigapixels
    expect((await server.app.inject({ url: '/api/health' })).json()).toMatchObject({ ok: true });
  });

  it('stores a valid image sent under a path-traversal name by its id only', async () => {
    const answer = await upload(server.app, await solidPng(3, 3, '#00ff00'), '../../../../../tmp/evil.png');
    expect(answer.status).toBe(201);
    expect(storedFiles()).toContain(answer.body.id);
    expect(existsSync('/tmp/evil.png')).toBe(false);
    expect(readdirSync(server.config.dataDir).sort()).toEqual(['jobs.sqlite', 'jobs.sqlite-shm', 'jobs.sqlite-wal', 'results', 'uploads'].sort());
  });

  it('left no temporary file behind', () => {
    expect(storedFiles().filter((name) => !/^[0-9a-f]{24}$/.test(name))).toEqual([]);
  });
});

/** Renders `url` as the whole 8x8 canvas and returns the result's pixel reader. */
async function render(url: string, width: number, height: number) {
  const submitted = await server.app.inject({
    method: 'POST',
    url: '/api/jobs',
    payload: { canvas_size: `${width}x${height}`, origin_img: url, modify_origin_img_size: `${width}x${height}`, overlay_origin_x: 0, overlay_origin_y: 0 },
  });
  expect(submitted.statusCode).toBe(202);
  const job = await waitForFinal(server.app, submitted.json().id);
  expect(job.status, JSON.stringify(job.error)).toBe('completed');
  return pixelReader((await server.app.inject({ url: `/api/jobs/${job.id}/result` })).rawPayload);
}

describe('odd but valid uploads work end to end', () => {
  it('a 16-bit PNG', async () => {
    const image = await sharp({ create: { width: 8, height: 6, channels: 3, background: '#ff8000' } }).toColourspace('rgb16').png().toBuffer();
    expect((await sharp(image).metadata()).depth).toBe('ushort');
    const answer = await upload(server.app, image, 'deep.png');
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ format: 'png', width: 8, height: 6 });
    const pixel = (await render(answer.body.url, 8, 6)).at(4, 3)!;
    expect(pixel[0]).toBeGreaterThan(245);
    expect(Math.abs(pixel[1]! - 128)).toBeLessThan(8);
    expect(pixel[2]).toBeLessThan(10);
  });

  it('a CMYK JPEG (rendered in RGB, not as inverted or shifted colours)', async () => {
    const image = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#e01010' } }).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer();
    expect((await sharp(image).metadata()).space).toBe('cmyk');
    const answer = await upload(server.app, image, 'print.jpg');
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ format: 'jpeg', width: 8, height: 8 });
    const pixel = (await render(answer.body.url, 8, 8)).at(4, 4)!;
    expect(pixel[0]).toBeGreaterThan(170);
    expect(pixel[1]).toBeLessThan(80);
    expect(pixel[2]).toBeLessThan(80);
  });

  it('a greyscale PNG', async () => {
    const image = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).toColourspace('b-w').png().toBuffer();
    expect((await sharp(image).metadata()).channels).toBe(1);
    const answer = await upload(server.app, image, 'grey.png');
    expect(answer.status).toBe(201);
    const pixel = (await render(answer.body.url, 8, 8)).at(4, 4)!;
    for (const channel of pixel.slice(0, 3)) expect(Math.abs(channel! - 128)).toBeLessThan(4);
    expect(pixel[3]).toBe(255);
  });

  it('an EXIF-rotated JPEG renders upright', async () => {
    // Stored 40x20, left half red and right half blue, orientation 6: upright it is 20x40, red on top.
    const raw = Buffer.alloc(40 * 20 * 3);
    for (let i = 0; i < 40 * 20; i += 1) raw[i * 3 + (i % 40 < 20 ? 0 : 2)] = 255;
    const image = await sharp(raw, { raw: { width: 40, height: 20, channels: 3 } }).withMetadata({ orientation: 6 }).jpeg({ quality: 100 }).toBuffer();
    const answer = await upload(server.app, image, 'phone.jpg');
    expect(answer.body).toMatchObject({ width: 20, height: 40 });
    const pixels = await render(answer.body.url, 20, 40);
    expect(pixels.at(10, 4)![0]).toBeGreaterThan(200);
    expect(pixels.at(10, 4)![2]).toBeLessThan(60);
    expect(pixels.at(10, 35)![2]).toBeGreaterThan(200);
    expect(pixels.at(10, 35)![0]).toBeLessThan(60);
  });
});
