import { describe, expect, it } from 'vitest';
import { batchFileNames, batchRequestSchema, slotOfLayout, validateBatchRequest } from './batch-request.ts';
import { MAX_SIDE } from './size.ts';

const layout = {
  canvas_size: '2048x2048',
  color_code: '#eeeeee',
  origin_img: 'https://example.com/slot.png',
  modify_origin_img_size: '800x1000',
  overlay_origin_x: 624,
  overlay_origin_y: 900,
};
const item = (n: number) => ({ image: `https://example.com/p${n}.jpg`, name: `p${n}.jpg` });

describe('validateBatchRequest', () => {
  it('accepts a batch and defaults the rule to the bottom anchor without background removal', () => {
    const result = validateBatchRequest({ layout, items: [item(1), item(2)] }, 500);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.placement).toEqual({ anchor: 'bottom' });
    expect(result.value.removeBackground).toBe(false);
    expect(result.value.items.map((i) => i.name)).toEqual(['p1.jpg', 'p2.jpg']);
    expect(result.value.itemErrors).toEqual({});
  });

  it('refuses 0 items and more than the maximum, saying so', () => {
    const empty = validateBatchRequest({ layout, items: [] }, 500);
    expect(empty).toEqual({ ok: false, errors: { items: expect.stringContaining('at least one') } });
    const many = validateBatchRequest({ layout, items: [item(1), item(2), item(3)] }, 2);
    expect(many.ok).toBe(false);
    if (!many.ok) expect(many.errors.items).toContain('at most 2');
  });

  it('names the layout field at fault', () => {
    const result = validateBatchRequest({ layout: { ...layout, canvas_size: 'big' }, items: [item(1)] }, 500);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors['layout.canvas_size']).toMatch(/^layout: canvas_size must be WIDTHxHEIGHT/);
  });

  it('names a wrong anchor and scale', () => {
    const result = validateBatchRequest({ layout, placement: { anchor: 'top', scale: -1 }, items: [item(1)] }, 500);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors['placement.anchor']).toContain('"bottom" or "center"');
      expect(result.errors['placement.scale']).toContain('above 0');
    }
  });

  it('keeps the good items when some are bad, naming the item index and field', () => {
    const result = validateBatchRequest(
      { layout, items: [item(0), { image: 'ftp://x/y.png', name: 'y' }, { image: 'https://e.com/z.png' }, item(3), { ...item(4), box: { x: 0, y: 0, width: 0, height: 5 } }] },
      500,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.keys(result.value.itemErrors).map(Number)).toEqual([1, 2, 4]);
    expect(result.value.itemErrors[1]!['items[1].image']).toContain('http:// or https://');
    expect(result.value.itemErrors[2]!['items[2].name']).toContain('required');
    expect(result.value.itemErrors[4]!['items[4].box']).toContain('items[4].box.width');
  });

  it("keeps an item's own shadow and reflection, and names the item and the effect's field when one is wrong", () => {
    const result = validateBatchRequest(
      { layout, items: [{ ...item(0), shadow: { type: 'drop', opacity: 0.4 }, reflection: { height: 0.2 } }, { ...item(1), shadow: { opacity: 2 } }] },
      500,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.items[0]).toMatchObject({ shadow: { type: 'drop', opacity: 0.4 }, reflection: { height: 0.2 } });
    expect(result.value.itemErrors[1]!['items[1].shadow']).toBe('items[1].shadow.opacity must be from 0 to 1');
  });

  it('is a 400-worthy error when every item is bad', () => {
    const result = validateBatchRequest({ layout, items: [{ image: 3, name: 'a' }] }, 500);
    expect(result).toEqual({ ok: false, errors: { 'items[0].image': expect.stringContaining('items[0].image is required') } });
  });
});

describe('batchRequestSchema (the body as the API describes it)', () => {
  const max = 3;
  const box = { x: -MAX_SIDE, y: MAX_SIDE, width: 1, height: MAX_SIDE };
  const bodies: Record<string, unknown> = {
    'the least batch': { layout, items: [item(1)] },
    'every field': { layout, placement: { anchor: 'center', scale: 100 }, removeBackground: true, items: [item(1), { ...item(2), box }] },
    'the most items': { layout, items: [item(1), item(2), item(3)] },
    'no items': { layout, items: [] },
    'too many items': { layout, items: [item(1), item(2), item(3), item(4)] },
    'no layout': { items: [item(1)] },
    'a bad layout field': { layout: { ...layout, canvas_size: 'big' }, items: [item(1)] },
    'an unknown field': { layout, items: [item(1)], colour: 'red' },
    'an unknown anchor': { layout, placement: { anchor: 'top' }, items: [item(1)] },
    'an unknown placement field': { layout, placement: { anchor: 'bottom', rotate: 90 }, items: [item(1)] },
    'a scale of 0': { layout, placement: { scale: 0 }, items: [item(1)] },
    'a scale above the most': { layout, placement: { scale: 100.5 }, items: [item(1)] },
    'removeBackground as text': { layout, removeBackground: 'yes', items: [item(1)] },
    'an ftp image': { layout, items: [{ image: 'ftp://example.com/a.png', name: 'a' }] },
    'an image URL too long': { layout, items: [{ image: `https://example.com/${'a'.repeat(5000)}.png`, name: 'a' }] },
    'a blank name': { layout, items: [{ image: 'https://example.com/a.png', name: '  ' }] },
    'the longest name': { layout, items: [{ image: 'https://example.com/a.png', name: 'n'.repeat(120) }] },
    'a name too long': { layout, items: [{ image: 'https://example.com/a.png', name: 'n'.repeat(121) }] },
    'an unknown item field': { layout, items: [{ ...item(1), colour: 'red' }] },
    'a box 0 wide': { layout, items: [{ ...item(1), box: { ...box, width: 0 } }] },
    'a box beyond the canvas limit': { layout, items: [{ ...item(1), box: { ...box, x: -MAX_SIDE - 1 } }] },
    'a box at a fraction of a pixel': { layout, items: [{ ...item(1), box: { ...box, y: 1.5 } }] },
    'a box with an unknown field': { layout, items: [{ ...item(1), box: { ...box, depth: 3 } }] },
    'an item with its own shadows and reflection': { layout, items: [{ ...item(1), box, shadow: [{ type: 'contact' }, { type: 'drop', opacity: 0.4 }], reflection: { opacity: 0.3 } }] },
    'a shadow opacity above 1': { layout, items: [{ ...item(1), shadow: { opacity: 2 } }] },
    'a reflection with an unknown field': { layout, items: [{ ...item(1), reflection: { blur: 3 } }] },
  };

  it.each(Object.entries(bodies))('agrees with validateBatchRequest on %s', (_name, body) => {
    const validation = validateBatchRequest(body, max);
    const acceptedWhole = validation.ok && Object.keys(validation.value.itemErrors).length === 0;
    expect(batchRequestSchema(max).safeParse(body).success).toBe(acceptedWhole);
  });

  it('refuses a batch with one bad item, which the validation reports and lets the others go ahead', () => {
    const body = { layout, items: [item(1), { image: 'ftp://example.com/a.png', name: 'a' }] };
    expect(validateBatchRequest(body, max)).toMatchObject({ ok: true, value: { itemErrors: { 1: { 'items[1].image': expect.any(String) } } } });
    expect(batchRequestSchema(max).safeParse(body).success).toBe(false);
  });
});

describe('slotOfLayout', () => {
  it('is the layout foreground box', () => {
    const result = validateBatchRequest({ layout, items: [item(1)] }, 500);
    if (!result.ok) throw new Error('valid');
    expect(slotOfLayout(result.value.layout)).toEqual({ x: 624, y: 900, width: 800, height: 1000 });
  });
});

describe('batchFileNames', () => {
  it('names files after the products, unique and safe', () => {
    expect(batchFileNames(['mug.jpg', 'Mug.png', 'a/b:c', 'mug (2)', '  '])).toEqual(['mug.png', 'Mug (2).png', 'a_b_c.png', 'mug (2) (2).png', 'item.png']);
  });
});
