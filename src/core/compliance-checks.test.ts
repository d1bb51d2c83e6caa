import { describe, expect, it } from 'vitest';
import { checkRenderedResult, countNotWhite, describeCheck, type ComplianceReport, type DecodedImage } from './compliance-checks.ts';
import { marketplacePreset } from './marketplace-rules.ts';

/** A white RGBA image of `size` with the box `dark` painted black. */
function image(width: number, height: number, dark: { x: number; y: number; width: number; height: number } | null): DecodedImage {
  const pixels = new Uint8Array(width * height * 4).fill(255);
  if (dark) {
    for (let y = dark.y; y < dark.y + dark.height; y += 1) {
      for (let x = dark.x; x < dark.x + dark.width; x += 1) pixels.fill(0, (y * width + x) * 4, (y * width + x) * 4 + 3);
    }
  }
  return { width, height, channels: 4, pixels };
}

const amazon = marketplacePreset('amazon')!;
const google = marketplacePreset('google')!;
const byRule = (report: ComplianceReport, rule: string) => report.checks.find((check) => check.rule === rule);

describe('countNotWhite', () => {
  it('counts pixels outside the exempt box that are not opaque white, and says where the first is', () => {
    const picture = image(10, 10, { x: 2, y: 2, width: 3, height: 3 });
    expect(countNotWhite(picture, { x: 2, y: 2, width: 3, height: 3 })).toEqual({ notWhite: 0, firstAt: null });
    expect(countNotWhite(picture, { x: 3, y: 2, width: 2, height: 3 })).toEqual({ notWhite: 3, firstAt: { x: 2, y: 2 } });
    expect(countNotWhite(picture, null).notWhite).toBe(9);
  });

  it('counts a transparent pixel as not white, and reads RGB images', () => {
    const transparent = image(2, 1, null);
    transparent.pixels[7] = 0;
    expect(countNotWhite(transparent, null)).toEqual({ notWhite: 1, firstAt: { x: 1, y: 0 } });
    const rgb: DecodedImage = { width: 2, height: 1, channels: 3, pixels: new Uint8Array([255, 255, 255, 255, 254, 255]) };
    expect(countNotWhite(rgb, null).notWhite).toBe(1);
  });
});

describe('checkRenderedResult', () => {
  // 1000x1000 with a product 850 tall, centred: Amazon's rules met (a smaller canvas keeps the test fast).
  const product = { x: 400, y: 75, width: 200, height: 850 };
  const passing = { image: image(1000, 1000, product), format: 'png', bytes: 200_000, subject: product };

  it('passes an image that meets every Amazon rule', () => {
    const report = checkRenderedResult('amazon', amazon.rules, passing);
    expect(report.passed).toBe(true);
    expect(report.checks.map((check) => check.rule)).toEqual(['background', 'fill', 'whole-subject', 'longest-side', 'format', 'file-size']);
    expect(byRule(report, 'fill')).toEqual({ rule: 'fill', passed: true, measured: '85.0 %', required: 'at least 85 %' });
  });

  it('fails the background when a pixel outside the product is not white', () => {
    const picture = image(1000, 1000, product);
    picture.pixels.fill(250, 0, 3);
    const report = checkRenderedResult('amazon', amazon.rules, { ...passing, image: picture });
    expect(report.passed).toBe(false);
    expect(byRule(report, 'background')).toMatchObject({ passed: false, measured: '1 pixels not white (the first at 0, 0)' });
  });

  it('fails a product that fills too little, and one cut off by an edge', () => {
    const small = { x: 450, y: 100, width: 100, height: 800 };
    expect(byRule(checkRenderedResult('amazon', amazon.rules, { ...passing, image: image(1000, 1000, small), subject: small }), 'fill')).toMatchObject({
      passed: false,
      measured: '80.0 %',
    });
    const cut = { x: 900, y: 75, width: 200, height: 850 };
    const report = checkRenderedResult('amazon', amazon.rules, { ...passing, image: image(1000, 1000, cut), subject: cut });
    expect(byRule(report, 'whole-subject')).toMatchObject({ passed: false, measured: 'cut off by an edge' });
  });

  it("fails a fill above Google's 90 %", () => {
    const big = { x: 20, y: 20, width: 960, height: 960 };
    const report = checkRenderedResult('google', google.rules, { image: image(1000, 1000, big), format: 'png', bytes: 1, subject: big });
    expect(byRule(report, 'fill')).toMatchObject({ passed: false, measured: '96.0 %', required: '75 % to 90 %' });
  });

  it('fails the longest side, the format and the file size', () => {
    const tiny = { x: 10, y: 10, width: 80, height: 86 };
    const report = checkRenderedResult('amazon', amazon.rules, { image: image(100, 100, tiny), format: 'webp', bytes: 11 * 1024 * 1024, subject: tiny });
    expect(byRule(report, 'longest-side')).toMatchObject({ passed: false, measured: '100 px', required: '1000 to 10000 px' });
    expect(byRule(report, 'format')).toMatchObject({ passed: false, measured: 'webp', required: 'one of jpeg, png, gif, tiff' });
    expect(byRule(report, 'file-size')).toMatchObject({ passed: false, measured: '11.00 MB', required: 'at most 10.00 MB' });
  });

  it('fails fill and whole product when the result shows no product', () => {
    const report = checkRenderedResult('amazon', amazon.rules, { ...passing, image: image(1000, 1000, null), subject: null });
    expect(byRule(report, 'fill')).toMatchObject({ passed: false, measured: 'no product' });
    expect(byRule(report, 'whole-subject')?.passed).toBe(false);
  });

  it('checks the pixel count where the marketplace limits it', () => {
    const shopify = marketplacePreset('shopify')!;
    const report = checkRenderedResult('shopify', shopify.rules, { ...passing, image: { width: 5000, height: 5000, channels: 4, pixels: new Uint8Array(0) } });
    expect(byRule(report, 'pixels')).toMatchObject({ passed: false, measured: '25,000,000 px', required: 'at most 20,000,000 px' });
  });
});

describe('describeCheck', () => {
  it('says the rule, what was measured and what is required', () => {
    expect(describeCheck({ rule: 'fill', passed: false, measured: '72.0 %', required: 'at least 85 %' })).toBe(
      'Product fills the frame: 72.0 %; required: at least 85 %',
    );
  });
});
