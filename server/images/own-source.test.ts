import { describe, expect, it } from 'vitest';
import { resolveSource } from './own-source.ts';

const id = '0123456789abcdef01234567';
const origins = { publicBaseUrl: 'https://composer.example.com/app', requestOrigin: 'http://192.168.1.5:8787', port: 8787 };

describe('resolveSource', () => {
  it.each([
    [`https://composer.example.com/app/api/uploads/${id}`, { kind: 'upload', id }],
    [`http://192.168.1.5:8787/samples/foreground.png`, { kind: 'sample', name: 'foreground.png' }],
    [`http://localhost:8787/api/uploads/${id}`, { kind: 'upload', id }],
    [`http://127.0.0.1:8787/samples/background.jpg`, { kind: 'sample', name: 'background.jpg' }],
    [`http://[::1]:8787/api/jobs/${id}/result`, { kind: 'result', jobId: id }],
  ])('reads %s from disk', (url, ref) => {
    expect(resolveSource(url, origins)).toEqual({ ok: true, ref });
  });

  it.each([
    `http://127.0.0.1:9999/api/uploads/${id}`, // loopback, another port: not us
    `https://composer.example.com/api/uploads/${id}`, // outside PUBLIC_BASE_URL's path
    `https://cdn.example.com/api/uploads/${id}`,
    'https://drz0f01yeq1cx.cloudfront.net/1711939252580-x.png',
  ])('treats %s as remote', (url) => {
    expect(resolveSource(url, origins)).toEqual({ ok: true, ref: { kind: 'remote', url } });
  });

  it.each([`http://localhost:8787/api/health`, 'http://localhost:8787/samples/../../etc/passwd', `http://localhost:8787/api/uploads/${id}/x`])(
    'refuses %s: this server, but not a file it serves',
    (url) => {
      const resolution = resolveSource(url, origins);
      expect(resolution.ok).toBe(false);
    },
  );
});
