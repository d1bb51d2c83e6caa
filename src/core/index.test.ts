import { describe, expect, it } from 'vitest';
import * as core from './index.ts';
import { AKOOL_EXAMPLES, MAX_SIDE, formatSize, fromRequest, parseSize, toRequest, validateRequest } from './index.ts';

describe('src/core/index.ts', () => {
  it('exports the public functions and constants', () => {
    for (const name of [
      'toRequest',
      'fromRequest',
      'parseSize',
      'formatSize',
      'validateRequest',
      'normalizeHexColor',
      'emptyDocument',
      'fitSize',
      'coverSize',
      'centreIn',
      'coverPlacement',
      'fitPlacement',
      'fitView',
      'rectsOverlap',
      'intersectRect',
      'describeValue',
    ]) {
      expect(typeof (core as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(core.MAX_SIDE).toBe(8192);
    expect(core.AKOOL_EXAMPLES).toBe(AKOOL_EXAMPLES);
    expect(core.REQUEST_FIELDS).toContain('webhookUrl');
    expect(core.DEFAULT_CANVAS).toEqual({ width: 3840, height: 3840 });
  });

  it('parses and formats sizes', () => {
    expect(parseSize('3840x3840')).toEqual({ width: 3840, height: 3840 });
    expect(formatSize(3840, 2160)).toBe('3840x2160');
    expect(parseSize(formatSize(MAX_SIDE, 1))).toEqual({ width: 8192, height: 1 });
  });

  it('validates to { ok: true, value } or { ok: false, errors: { field: message } }', () => {
    expect(validateRequest(AKOOL_EXAMPLES.color)).toEqual({ ok: true, value: AKOOL_EXAMPLES.color });
    expect(validateRequest({ ...AKOOL_EXAMPLES.color, canvas_size: '3840x' })).toEqual({
      ok: false,
      errors: { canvas_size: 'canvas_size must be WIDTHxHEIGHT in whole pixels greater than 0, like "3840x3840" (got "3840x")' },
    });
  });

  it('converts between layout and request', () => {
    const document = fromRequest(AKOOL_EXAMPLES.templateAndColor, {
      origin: { width: 1000, height: 1250 },
      template: { width: 2000, height: 2000 },
    });
    expect(toRequest(document)).toStrictEqual({ ...AKOOL_EXAMPLES.templateAndColor });
  });
});
