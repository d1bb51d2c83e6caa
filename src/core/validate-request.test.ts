import { describe, expect, it } from 'vitest';
import { AKOOL_EXAMPLES } from './akool-examples.ts';
import { MAX_URL_LENGTH } from './request-schema.ts';
import { MAX_SIDE } from './size.ts';
import { validateRequest, type RequestErrors } from './validate-request.ts';

const IMAGE = 'https://example.com/images/person.png';
const BACKGROUND = 'https://example.com/images/beach.jpg';

/** A minimal valid body: a 100x80 foreground at (10, 20) on a 1000x800 canvas. */
function body(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    canvas_size: '1000x800',
    origin_img: IMAGE,
    modify_origin_img_size: '100x80',
    overlay_origin_x: 10,
    overlay_origin_y: 20,
    ...extra,
  };
}

/** The same with a 500x400 template at (0, 0). */
function templateBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return body({ template_url: BACKGROUND, modify_template_size: '500x400', overlay_template_x: 0, overlay_template_y: 0, ...extra });
}

function without(source: Record<string, unknown>, field: string): Record<string, unknown> {
  const copy = { ...source };
  delete copy[field];
  return copy;
}

function errorsOf(input: unknown): RequestErrors {
  const result = validateRequest(input);
  if (result.ok) throw new Error(`expected ${JSON.stringify(input)} to be refused, but it was accepted`);
  return result.errors;
}

function valueOf(input: unknown) {
  const result = validateRequest(input);
  if (!result.ok) throw new Error(`expected the body to be accepted, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe('validateRequest: valid bodies', () => {
  it.each(Object.entries(AKOOL_EXAMPLES))('accepts the %s example of the API page unchanged', (_name, example) => {
    const result = validateRequest(example);
    expect(result).toStrictEqual({ ok: true, value: { ...example } });
  });

  it('accepts a minimal body and returns just its fields', () => {
    expect(validateRequest(body())).toStrictEqual({ ok: true, value: body() });
  });

  it('accepts webhookUrl, and a body without it', () => {
    expect(valueOf(body({ webhookUrl: 'https://hooks.example.com/akool?job=1' })).webhookUrl).toBe('https://hooks.example.com/akool?job=1');
    expect(valueOf(body())).not.toHaveProperty('webhookUrl');
  });

  it('accepts template_url alone, without its three optional fields', () => {
    expect(valueOf(body({ template_url: BACKGROUND }))).toStrictEqual(body({ template_url: BACKGROUND }));
  });

  it('accepts template_url with only some of its optional fields', () => {
    expect(validateRequest(body({ template_url: BACKGROUND, overlay_template_x: -5 })).ok).toBe(true);
    expect(validateRequest(body({ template_url: BACKGROUND, modify_template_size: '1000x800' })).ok).toBe(true);
  });

  it('treats a field set to undefined as absent', () => {
    expect(valueOf(body({ color_code: undefined, template_url: undefined }))).toStrictEqual(body());
  });

  it('does not change the input object', () => {
    const input = body({ color_code: '#ABC' });
    validateRequest(input);
    expect(input.color_code).toBe('#ABC');
  });
});

describe('validateRequest: the shape of the result', () => {
  it('gives { ok: false, errors } with one message per bad field', () => {
    const result = validateRequest(body({ canvas_size: '1000X800' }));
    expect(result.ok).toBe(false);
    expect(result).not.toHaveProperty('value');
    if (!result.ok) expect(Object.keys(result.errors)).toEqual(['canvas_size']);
  });

  it('reports every problem at once: three bad fields, three entries', () => {
    const errors = errorsOf(body({ canvas_size: '3840*3840', color_code: 'blue', overlay_origin_x: 2.5 }));
    expect(Object.keys(errors).sort()).toEqual(['canvas_size', 'color_code', 'overlay_origin_x']);
    expect(errors.canvas_size).toMatch(/canvas_size must be WIDTHxHEIGHT/);
    expect(errors.color_code).toMatch(/color_code must be a hex colour/);
    expect(errors.overlay_origin_x).toMatch(/overlay_origin_x must be a whole number/);
  });

  it('reports missing, wrong-typed, unknown and misplaced fields together', () => {
    const input = without(body({ webhook_url: 'https://x.example', overlay_template_y: 3, origin_img: 'file:///etc/passwd' }), 'overlay_origin_y');
    const errors = errorsOf(input);
    expect(Object.keys(errors).sort()).toEqual(['origin_img', 'overlay_origin_y', 'overlay_template_y', 'webhook_url']);
  });
});

describe('validateRequest: required fields', () => {
  it.each([
    ['canvas_size', /the size of the output image/],
    ['origin_img', /the address of the foreground image/],
    ['modify_origin_img_size', /the size the foreground is drawn at/],
    ['overlay_origin_x', /the left edge of the foreground/],
    ['overlay_origin_y', /the top edge of the foreground/],
  ])('says %s is required when it is missing', (field, meaning) => {
    const errors = errorsOf(without(body(), field));
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field]).toMatch(new RegExp(`^${field} is required`));
    expect(errors[field]).toMatch(meaning);
  });

  it('lists every missing field of an empty object', () => {
    const errors = errorsOf({});
    expect(Object.keys(errors).sort()).toEqual(['canvas_size', 'modify_origin_img_size', 'origin_img', 'overlay_origin_x', 'overlay_origin_y']);
    for (const [field, message] of Object.entries(errors)) expect(message).toMatch(new RegExp(`^${field} is required`));
  });
});

describe('validateRequest: a body that is not an object', () => {
  it.each([
    [[], /a list/],
    [[body()], /a list/],
    [null, /null/],
    ['{"canvas_size":"3840x3840"}', /a string/],
    [42, /a number/],
    [true, /a boolean/],
    [undefined, /nothing/],
  ])('refuses %j under the key "body"', (input, what) => {
    const errors = errorsOf(input);
    expect(Object.keys(errors)).toEqual(['body']);
    expect(errors.body).toMatch(/request body must be a JSON object/);
    expect(errors.body).toMatch(what);
  });
});

describe('validateRequest: unknown fields', () => {
  it.each(['webhook_url', 'webhookurl', 'Canvas_size', 'colour', 'image_model_id', 'body'])('refuses %s, naming it', (field) => {
    const errors = errorsOf(body({ [field]: 'x' }));
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field]).toBe(`${field} is not a field of the Background Change request`);
  });

  it('refuses several unknown fields at once', () => {
    const errors = errorsOf(body({ a: 1, b: 2 }));
    expect(errors).toEqual({ a: 'a is not a field of the Background Change request', b: 'b is not a field of the Background Change request' });
  });

  it('refuses a "__proto__" field of parsed JSON instead of losing the error', () => {
    const input: unknown = JSON.parse(JSON.stringify(body()).replace(/^\{/, '{"__proto__":{"x":1},'));
    const errors = errorsOf(input);
    expect(Object.keys(errors)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(errors, '__proto__')?.value).toMatch(/__proto__ is not a field/);
    expect(Object.getPrototypeOf(errors)).toBe(Object.prototype);
  });
});

describe('validateRequest: color_code', () => {
  it.each([
    ['#aafbe3', '#aafbe3'],
    ['#AAFBE3', '#aafbe3'],
    ['#AaFbE3', '#aafbe3'],
    ['#abc', '#aabbcc'],
    ['#ABC', '#aabbcc'],
  ])('accepts %s and normalises it to %s', (color, expected) => {
    expect(valueOf(body({ color_code: color })).color_code).toBe(expected);
  });

  it.each(['aafbe3', '#aafbe', '#aafbe3ff', '#abcd', '#ggg', 'red', '', 'rgb(170, 251, 227)'])('refuses %j', (color) => {
    const errors = errorsOf(body({ color_code: color }));
    expect(Object.keys(errors)).toEqual(['color_code']);
    expect(errors.color_code).toMatch(/^color_code must be a hex colour like "#aafbe3" or "#abc"/);
    expect(errors.color_code).toContain(`(got ${JSON.stringify(color)})`);
  });

  it.each([
    [0xaafbe3, 'a number'],
    [null, 'null'],
    [['#abc'], 'a list'],
    [true, 'true/false'],
  ])('refuses %j, saying what it got', (color, what) => {
    expect(errorsOf(body({ color_code: color })).color_code).toBe(`color_code must be a hex colour like "#aafbe3", not ${what}`);
  });
});

describe('validateRequest: sizes', () => {
  const BAD_SIZES = ['3840x', '3840*3840', '0x10', '10x0', '3840X3840', ' 3840x3840', '3840x3840 ', '10.5x3', '-1x3', '3840', '', 'x', '3840 x 3840', '0010x10'];
  const SIZE_FIELDS: [string, (extra: Record<string, unknown>) => Record<string, unknown>][] = [
    ['canvas_size', body],
    ['modify_origin_img_size', body],
    ['modify_template_size', templateBody],
  ];

  for (const [field, make] of SIZE_FIELDS) {
    describe(field, () => {
      it.each(BAD_SIZES)('refuses %j as not WIDTHxHEIGHT', (text) => {
        const errors = errorsOf(make({ [field]: text }));
        expect(Object.keys(errors)).toEqual([field]);
        expect(errors[field]).toMatch(new RegExp(`^${field} must be WIDTHxHEIGHT in whole pixels greater than 0`));
        expect(errors[field]).toContain(`(got ${JSON.stringify(text)})`);
      });

      it.each([
        [3840, 'a number'],
        [null, 'null'],
        [{ width: 10, height: 10 }, 'an object'],
        [[10, 10], 'a list'],
      ])('refuses %j as not text', (value, what) => {
        expect(errorsOf(make({ [field]: value }))[field]).toBe(`${field} must be a text like "3840x3840", not ${what}`);
      });

      it(`accepts ${MAX_SIDE} pixels on a side and refuses ${MAX_SIDE + 1}`, () => {
        expect(validateRequest(make({ [field]: `${MAX_SIDE}x${MAX_SIDE}` })).ok).toBe(true);
        expect(validateRequest(make({ [field]: `1000x${MAX_SIDE}` })).ok).toBe(true);
        for (const text of [`${MAX_SIDE + 1}x10`, `10x${MAX_SIDE + 1}`, `${MAX_SIDE + 1}x${MAX_SIDE + 1}`]) {
          const errors = errorsOf(make({ [field]: text }));
          expect(Object.keys(errors)).toEqual([field]);
          expect(errors[field]).toBe(`${field} must be at most 8192 pixels on each side (got ${text})`);
        }
      });

      it('calls a very large size too large, not badly written', () => {
        expect(errorsOf(make({ [field]: '100000000x10' }))[field]).toMatch(new RegExp(`^${field} must be at most 8192 pixels`));
      });
    });
  }
});

describe('validateRequest: offsets', () => {
  const OFFSET_FIELDS: [string, (extra: Record<string, unknown>) => Record<string, unknown>][] = [
    ['overlay_origin_x', body],
    ['overlay_origin_y', body],
    ['overlay_template_x', templateBody],
    ['overlay_template_y', templateBody],
  ];

  for (const [field, make] of OFFSET_FIELDS) {
    describe(field, () => {
      it('accepts whole numbers, negative ones and zero included', () => {
        for (const value of [0, 1, -1, -72, 5]) expect(valueOf(make({ [field]: value }))[field as 'overlay_origin_x']).toBe(value);
      });

      it('refuses a fraction, showing it', () => {
        expect(errorsOf(make({ [field]: 2.5 }))[field]).toBe(`${field} must be a whole number of pixels (got 2.5)`);
        expect(errorsOf(make({ [field]: -0.1 }))[field]).toBe(`${field} must be a whole number of pixels (got -0.1)`);
      });

      it.each([
        ['205', 'a string'],
        [null, 'null'],
        [true, 'true/false'],
        [[5], 'a list'],
        [{ value: 5 }, 'an object'],
      ])('refuses %j, saying what it is', (value, what) => {
        const errors = errorsOf(make({ [field]: value }));
        expect(Object.keys(errors)).toEqual([field]);
        expect(errors[field]).toBe(`${field} must be a whole number of pixels, not ${what}`);
      });

      it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('refuses %s, naming it', (value) => {
        const errors = errorsOf(make({ [field]: value }));
        expect(Object.keys(errors)).toEqual([field]);
        expect(errors[field]).toBe(`${field} must be a whole number of pixels (got ${value})`);
      });

      it(`refuses offsets beyond ±${MAX_SIDE}`, () => {
        expect(errorsOf(make({ [field]: -(MAX_SIDE + 1) }))[field]).toBe(`${field} must be between -8192 and 8192 (got -8193)`);
        expect(errorsOf(make({ [field]: 1e9 }))[field]).toBe(`${field} must be between -8192 and 8192 (got 1000000000)`);
      });
    });
  }
});

describe('validateRequest: URLs', () => {
  const URL_FIELDS: [string, (extra: Record<string, unknown>) => Record<string, unknown>, string][] = [
    ['origin_img', body, 'an image'],
    ['template_url', templateBody, 'an image'],
    ['webhookUrl', body, 'a callback endpoint'],
  ];
  const GOOD = [
    'https://example.com/a.png',
    'http://example.com/a.png',
    'HTTPS://EXAMPLE.COM/A.PNG',
    'http://127.0.0.1:8787/api/uploads/abc',
    AKOOL_EXAMPLES.template.template_url,
  ];
  const BAD = [
    'file:///etc/passwd',
    'data:image/png;base64,iVBORw0KGgo=',
    'javascript:alert(1)',
    'ftp://example.com/a.png',
    '/images/a.png',
    'images/a.png',
    'a.png',
    '//example.com/a.png',
    'https://',
    'https:example.com/a.png',
    ' https://example.com/a.png',
    'https://example.com/a.png ',
    'https://example.com/a\n.png',
    'https://exa\tmple.com/a.png',
    'https://example.com/a b.png',
    '',
  ];

  for (const [field, make, what] of URL_FIELDS) {
    describe(field, () => {
      it.each(GOOD)('accepts %s as it is', (url) => {
        expect(valueOf(make({ [field]: url }))[field as 'origin_img']).toBe(url);
      });

      it.each(BAD)('refuses %j', (url) => {
        const errors = errorsOf(make({ [field]: url }));
        expect(Object.keys(errors)).toEqual([field]);
        expect(errors[field]).toMatch(new RegExp(`^${field} must be an http:// or https:// URL of ${what}`));
        expect(errors[field]).toContain('(got ');
      });

      it('refuses a URL longer than MAX_URL_LENGTH and accepts one that long', () => {
        const prefix = 'https://example.com/';
        const atLimit = prefix + 'a'.repeat(MAX_URL_LENGTH - prefix.length);
        expect(validateRequest(make({ [field]: atLimit })).ok).toBe(true);
        expect(errorsOf(make({ [field]: `${atLimit}a` }))[field]).toBe(`${field} is too long: at most 4096 characters`);
      });

      it.each([
        [42, 'a number'],
        [null, 'null'],
        [{ href: 'https://example.com' }, 'an object'],
      ])('refuses %j as not text', (value, type) => {
        expect(errorsOf(make({ [field]: value }))[field]).toBe(`${field} must be an http(s) URL, not ${type}`);
      });
    });
  }

  it('shows a long bad URL cut short in the message', () => {
    const message = errorsOf(body({ origin_img: `ftp://example.com/${'x'.repeat(500)}` })).origin_img!;
    expect(message.length).toBeLessThan(200);
    expect(message).toContain('..."');
  });
});

describe('validateRequest: the template fields need template_url', () => {
  it.each([
    ['modify_template_size', '500x400'],
    ['overlay_template_x', 5],
    ['overlay_template_y', 5],
  ])('refuses %s without template_url', (field, value) => {
    const errors = errorsOf(body({ [field]: value }));
    expect(errors).toEqual({ [field]: `${field} can only be used together with template_url` });
  });

  it('reports all three at once', () => {
    const errors = errorsOf(body({ modify_template_size: '500x400', overlay_template_x: 0, overlay_template_y: 0 }));
    expect(Object.keys(errors).sort()).toEqual(['modify_template_size', 'overlay_template_x', 'overlay_template_y']);
    for (const message of Object.values(errors)) expect(message).toMatch(/can only be used together with template_url/);
  });

  it('says so even when the misplaced value is itself malformed', () => {
    expect(errorsOf(body({ modify_template_size: 'big' })).modify_template_size).toBe(
      'modify_template_size can only be used together with template_url',
    );
  });

  it('does not add that complaint when template_url is present but invalid (template_url gets its own error)', () => {
    const errors = errorsOf(templateBody({ template_url: 'ftp://example.com/b.jpg' }));
    expect(Object.keys(errors)).toEqual(['template_url']);
  });
});

describe('validateRequest: a layer entirely outside the canvas', () => {
  // canvas 1000x800, foreground 100x80
  it.each([
    ['right edge touching', 1000, 20],
    ['left edge touching', -100, 20],
    ['bottom edge touching', 10, 800],
    ['top edge touching', 10, -80],
    ['corner touching', 1000, 800],
    ['far right', 5000, 20],
    ['far above', 10, -5000],
  ])('refuses a foreground %s', (_where, x, y) => {
    const errors = errorsOf(body({ overlay_origin_x: x, overlay_origin_y: y }));
    expect(Object.keys(errors).sort()).toEqual(['overlay_origin_x', 'overlay_origin_y']);
    for (const field of ['overlay_origin_x', 'overlay_origin_y']) {
      expect(errors[field]).toContain('the foreground is outside the canvas');
      expect(errors[field]).toContain('overlay_origin_x/overlay_origin_y');
      expect(errors[field]).toContain(`(${x}, ${y})`);
      expect(errors[field]).toContain('modify_origin_img_size 100x80');
      expect(errors[field]).toContain('1000x800 canvas');
    }
  });

  it.each([
    ['one pixel in on the right', 999, 20],
    ['one pixel in on the left', -99, 20],
    ['one pixel in at the bottom', 10, 799],
    ['one pixel in at the top', 10, -79],
    ['one pixel in at the bottom-right corner', 999, 799],
    ['one pixel in at the top-left corner', -99, -79],
  ])('accepts a foreground %s', (_where, x, y) => {
    expect(validateRequest(body({ overlay_origin_x: x, overlay_origin_y: y })).ok).toBe(true);
  });

  it('accepts a foreground larger than the canvas that covers it', () => {
    expect(validateRequest(body({ modify_origin_img_size: '3000x3000', overlay_origin_x: -1000, overlay_origin_y: -1000 })).ok).toBe(true);
  });

  it('keeps an offset error of its own rather than the outside message', () => {
    const errors = errorsOf(body({ overlay_origin_x: 2.5, overlay_origin_y: 5000 }));
    expect(errors.overlay_origin_x).toMatch(/must be a whole number/);
    expect(errors).not.toHaveProperty('overlay_origin_y');
  });

  // canvas 1000x800, template 500x400
  it.each([
    ['right edge touching', 1000, 0],
    ['left edge touching', -500, 0],
    ['bottom edge touching', 0, 800],
    ['top edge touching', 0, -400],
    ['far away', 3000, 3000],
  ])('refuses a template %s', (_where, x, y) => {
    const errors = errorsOf(templateBody({ overlay_template_x: x, overlay_template_y: y }));
    expect(Object.keys(errors).sort()).toEqual(['overlay_template_x', 'overlay_template_y']);
    for (const field of ['overlay_template_x', 'overlay_template_y']) {
      expect(errors[field]).toContain('the template is outside the canvas');
      expect(errors[field]).toContain('overlay_template_x/overlay_template_y');
      expect(errors[field]).toContain('modify_template_size 500x400');
    }
  });

  it.each([
    ['one pixel in on the right', 999, 0],
    ['one pixel in on the left', -499, 0],
    ['one pixel in at the bottom', 0, 799],
    ['one pixel in at the top', 0, -399],
  ])('accepts a template %s', (_where, x, y) => {
    expect(validateRequest(templateBody({ overlay_template_x: x, overlay_template_y: y })).ok).toBe(true);
  });

  it('reads missing template offsets as 0 for the check', () => {
    expect(validateRequest(without(without(templateBody(), 'overlay_template_x'), 'overlay_template_y')).ok).toBe(true);
    const errors = errorsOf(without(templateBody({ overlay_template_y: 800 }), 'overlay_template_x'));
    expect(errors.overlay_template_x).toContain('the template is outside the canvas: overlay_template_x/overlay_template_y (0, 800)');
    expect(errors.overlay_template_y).toContain('the template is outside the canvas');
  });

  it('reports a template and a foreground that are both outside', () => {
    const errors = errorsOf(templateBody({ overlay_template_x: 1000, overlay_origin_y: -80 }));
    expect(Object.keys(errors).sort()).toEqual(['overlay_origin_x', 'overlay_origin_y', 'overlay_template_x', 'overlay_template_y']);
    expect(errors.overlay_origin_x).toContain('the foreground is outside the canvas');
    expect(errors.overlay_template_x).toContain('the template is outside the canvas');
  });

  it('cannot check a template without modify_template_size (its natural size is unknown here)', () => {
    expect(validateRequest(body({ template_url: BACKGROUND, overlay_template_x: 5000 })).ok).toBe(true);
  });

  it('skips the check when the canvas size itself is bad', () => {
    expect(errorsOf(body({ canvas_size: '0x0', overlay_origin_x: 5000 }))).toEqual({
      canvas_size: 'canvas_size must be WIDTHxHEIGHT in whole pixels greater than 0, like "3840x3840" (got "0x0")',
    });
  });
});

describe('validateRequest: removeBg (a later version of the API page)', () => {
  it('accepts true and false and keeps them; absent stays absent', () => {
    expect(validateRequest(body({ removeBg: true }))).toEqual({ ok: true, value: body({ removeBg: true }) });
    expect(validateRequest(body({ removeBg: false }))).toEqual({ ok: true, value: body({ removeBg: false }) });
    expect(validateRequest(body())).toEqual({ ok: true, value: body() });
  });

  it('refuses anything but a boolean, naming the field', () => {
    expect(validateRequest(body({ removeBg: 'yes' }))).toEqual({ ok: false, errors: { removeBg: 'removeBg must be true or false, not a string' } });
    expect(validateRequest(body({ removeBg: 1 }))).toEqual({ ok: false, errors: { removeBg: 'removeBg must be true or false, not a number' } });
  });
});
