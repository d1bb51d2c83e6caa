import { describe, expect, it } from 'vitest';
import { applyMarketplacePreset } from './apply-marketplace-preset.ts';
import { emptyDocument, type CompositionDocument } from './document.ts';
import { checkLayout } from './layout-compliance.ts';
import { MARKETPLACE_PRESETS, marketplacePreset } from './marketplace-rules.ts';
import { subjectFill, subjectOnCanvas } from './subject-placement.ts';

const amazon = marketplacePreset('amazon')!;
const cutout = { url: 'cut.png', width: 600, height: 900, subject: { x: 50, y: 0, width: 500, height: 900 } };
const photo = { url: 'bg.jpg', width: 4000, height: 3000 };

const composed: CompositionDocument = {
  ...emptyDocument(),
  colorCode: '#336699',
  template: { source: photo, x: 0, y: 0, width: 5120, height: 3840 },
  foreground: { source: cutout, x: 100, y: 100, width: 600, height: 900 },
};
const byRule = (document: CompositionDocument, rule: string) => checkLayout(document, amazon).checks.find((check) => check.rule === rule);

describe('applyMarketplacePreset', () => {
  it('Amazon: 2000 square, white, background image gone, subject at 85 % centred; the preset remembered', () => {
    const applied = applyMarketplacePreset(composed, amazon);
    expect(applied.canvas).toEqual({ width: 2000, height: 2000 });
    expect(applied.colorCode).toBe('#ffffff');
    expect(applied.template).toBeNull();
    expect(applied.marketplace).toBe('amazon');
    const subject = subjectOnCanvas(applied.foreground!);
    expect(subjectFill(subject, applied.canvas)).toBeCloseTo(0.85, 3);
    expect(checkLayout(applied, amazon).passed).toBe(true);
  });

  it('a preset without a colour keeps the colour and the background image, which keeps covering the canvas', () => {
    const etsy = marketplacePreset('etsy')!;
    const applied = applyMarketplacePreset(composed, etsy);
    expect(applied.canvas).toEqual({ width: 2000, height: 1600 });
    expect(applied.colorCode).toBe('#336699');
    expect(applied.template).toMatchObject({ x: expect.any(Number) as number, width: 2133, height: 1600 });
  });

  it('every preset meets the fill and size rules it checks on the sample cut-out', () => {
    for (const preset of MARKETPLACE_PRESETS) {
      const report = checkLayout(applyMarketplacePreset(composed, preset), preset);
      expect(report.checks.filter((check) => check.passed === false), preset.id).toEqual([]);
    }
  });
});

describe('checkLayout', () => {
  const amazonLayout = applyMarketplacePreset(composed, amazon);

  it('fails the background for another colour or a background image showing', () => {
    expect(byRule({ ...amazonLayout, colorCode: '#fafafa' }, 'background')).toMatchObject({ passed: false, measured: 'colour #fafafa' });
    expect(byRule({ ...amazonLayout, colorCode: null }, 'background')?.measured).toBe('colour none (transparent)');
    const template = { source: photo, x: 0, y: 0, width: 2000, height: 2000 };
    expect(byRule({ ...amazonLayout, template }, 'background')).toMatchObject({ passed: false, measured: 'a background image shows' });
  });

  it('fails the fill of a product scaled down, measured on the subject', () => {
    const foreground = { ...amazonLayout.foreground!, width: 600, height: 900 };
    expect(byRule({ ...amazonLayout, foreground }, 'fill')).toMatchObject({ passed: false, measured: '45.0 %' });
  });

  it('says that format and file size are known after the render, without failing the layout', () => {
    const report = checkLayout(amazonLayout, amazon);
    expect(report.checks.filter((check) => check.passed === null).map((check) => check.rule)).toEqual(['format', 'file-size']);
    expect(report.passed).toBe(true);
  });

  it('fails a canvas too small for zoom', () => {
    expect(byRule({ ...amazonLayout, canvas: { width: 800, height: 800 } }, 'longest-side')).toMatchObject({ passed: false, measured: '800 px' });
  });
});
