import { describe, expect, it } from 'vitest';
import { AKOOL_EXAMPLES } from './akool-examples.ts';
import {
  MAX_URL_LENGTH,
  REQUEST_FIELDS,
  TEMPLATE_FIELDS,
  backgroundChangeRequestSchema,
  describeValue,
  requestFieldSchemas,
} from './request-schema.ts';

describe('describeValue', () => {
  it('shows short strings quoted, as JSON', () => {
    expect(describeValue('3840X3840')).toBe('"3840X3840"');
    expect(describeValue('a"b')).toBe('"a\\"b"');
  });

  it('cuts long strings to 57 characters and an ellipsis', () => {
    const shown = describeValue('x'.repeat(5000));
    expect(shown).toBe(`"${'x'.repeat(57)}..."`);
  });

  it('keeps a string of exactly 60 characters whole', () => {
    expect(describeValue('y'.repeat(60))).toBe(`"${'y'.repeat(60)}"`);
  });

  it('names null, lists and objects instead of printing them', () => {
    expect(describeValue(null)).toBe('null');
    expect(describeValue([1, 2, 3])).toBe('a list');
    expect(describeValue({ a: 1 })).toBe('an object');
  });

  it('prints numbers and booleans', () => {
    expect(describeValue(2.5)).toBe('2.5');
    expect(describeValue(Number.NaN)).toBe('NaN');
    expect(describeValue(true)).toBe('true');
  });
});

describe('the field lists', () => {
  it("has exactly the fields of the API page (webhookUrl included, and the later page's removeBg)", () => {
    expect([...REQUEST_FIELDS].sort()).toEqual(
      [
        'canvas_size',
        'color_code',
        'template_url',
        'modify_template_size',
        'overlay_template_x',
        'overlay_template_y',
        'origin_img',
        'modify_origin_img_size',
        'overlay_origin_x',
        'overlay_origin_y',
        'webhookUrl',
        'removeBg',
      ].sort(),
    );
  });

  it('names the three fields that need template_url', () => {
    expect([...TEMPLATE_FIELDS]).toEqual(['modify_template_size', 'overlay_template_x', 'overlay_template_y']);
  });

  it('accepts URLs up to 4096 characters', () => {
    expect(MAX_URL_LENGTH).toBe(4096);
  });
});

describe('requestFieldSchemas', () => {
  it('normalises color_code to lower-case #rrggbb', () => {
    expect(requestFieldSchemas.color_code.parse('#ABC')).toBe('#aabbcc');
    expect(requestFieldSchemas.color_code.parse('#AAFBE3')).toBe('#aafbe3');
    expect(requestFieldSchemas.color_code.parse(undefined)).toBeUndefined();
  });

  it('gives field-naming messages for a bad colour', () => {
    const result = requestFieldSchemas.color_code.safeParse('#12');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/^color_code must be a hex colour/);
    expect(result.error?.issues[0]?.message).toContain('"#12"');
  });

  it('accepts negative whole offsets and refuses fractions', () => {
    expect(requestFieldSchemas.overlay_origin_x.parse(-72)).toBe(-72);
    expect(requestFieldSchemas.overlay_origin_x.safeParse(2.5).success).toBe(false);
    expect(requestFieldSchemas.overlay_template_x.parse(undefined)).toBeUndefined();
  });

  it('requires the required fields', () => {
    for (const field of ['canvas_size', 'origin_img', 'modify_origin_img_size', 'overlay_origin_x', 'overlay_origin_y'] as const) {
      const result = requestFieldSchemas[field].safeParse(undefined);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(new RegExp(`^${field} is required: `));
    }
  });

  it('lets the optional fields be absent', () => {
    for (const field of ['color_code', 'template_url', 'modify_template_size', 'overlay_template_x', 'overlay_template_y', 'webhookUrl'] as const) {
      expect(requestFieldSchemas[field].safeParse(undefined).success).toBe(true);
    }
  });
});

describe('backgroundChangeRequestSchema', () => {
  it('accepts the four example bodies as they are', () => {
    for (const body of Object.values(AKOOL_EXAMPLES)) {
      expect(backgroundChangeRequestSchema.parse(body)).toEqual(body);
    }
  });

  it('refuses unknown fields', () => {
    expect(backgroundChangeRequestSchema.safeParse({ ...AKOOL_EXAMPLES.neither, colour: '#fff' }).success).toBe(false);
  });
});
