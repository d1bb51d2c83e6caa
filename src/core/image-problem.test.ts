import { describe, expect, it } from 'vitest';
import { httpStatusWords, imageProblem, mediaType, notAnImageWords, unsupportedTypeWords } from './image-problem.ts';

describe('httpStatusWords', () => {
  it('names the status with the reason phrase the response gave', () => {
    expect(httpStatusWords(404, 'Not Found')).toBe('HTTP 404 Not Found');
    expect(httpStatusWords(418, "I'm a teapot")).toBe("HTTP 418 I'm a teapot");
  });

  it('falls back to the standard phrase when the response gave none (HTTP/2)', () => {
    expect(httpStatusWords(404)).toBe('HTTP 404 Not Found');
    expect(httpStatusWords(403, '  ')).toBe('HTTP 403 Forbidden');
    expect(httpStatusWords(502, '')).toBe('HTTP 502 Bad Gateway');
  });

  it('gives the bare number for a status without a known phrase', () => {
    expect(httpStatusWords(599)).toBe('HTTP 599');
  });
});

describe('notAnImageWords', () => {
  it('names the media type without its parameters', () => {
    expect(notAnImageWords('application/json; charset=utf-8')).toBe('not an image: application/json');
    expect(notAnImageWords('Text/HTML')).toBe('not an image: text/html');
  });

  it('says so when there is no content type', () => {
    expect(notAnImageWords(null)).toBe('not an image (the answer has no content type)');
    expect(notAnImageWords('')).toBe('not an image (the answer has no content type)');
  });

  it('mediaType reads a header', () => {
    expect(mediaType('image/png')).toBe('image/png');
    expect(mediaType(' image/svg+xml ; q=1')).toBe('image/svg+xml');
    expect(mediaType(undefined)).toBeNull();
  });
});

describe('unsupportedTypeWords', () => {
  it('tells a non-image from an image format the editor does not take', () => {
    expect(unsupportedTypeWords('application/json')).toBe('not an image: application/json');
    expect(unsupportedTypeWords('image/svg+xml')).toBe('image/svg+xml is not a format this editor takes: use a PNG, JPEG, WebP or AVIF image');
  });
});

describe('imageProblem', () => {
  it('puts the file name or the URL before the reason', () => {
    expect(imageProblem('bottle.png', 'the file is not a PNG, JPEG, WebP or AVIF image (judged by its content, not its name)')).toBe(
      'bottle.png: the file is not a PNG, JPEG, WebP or AVIF image (judged by its content, not its name)',
    );
    expect(imageProblem('http://no-such-host.invalid/x.png', 'cannot resolve no-such-host.invalid: no such host')).toBe(
      'http://no-such-host.invalid/x.png: cannot resolve no-such-host.invalid: no such host',
    );
  });

  it('drops a trailing full stop and does not name the subject twice', () => {
    expect(imageProblem('a.png', 'it is broken.')).toBe('a.png: it is broken');
    expect(imageProblem('a.png', 'a.png: it is broken')).toBe('a.png: it is broken');
  });

  it('still says something when the reason is empty', () => {
    expect(imageProblem('a.png', ' ')).toBe('a.png: it could not be loaded');
  });
});
