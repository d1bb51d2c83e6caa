import type { CompositionDocument } from './document.ts';
import { layerForCanvas } from './layer-for-canvas.ts';
import type { MarketplacePreset } from './marketplace-rules.ts';
import { fitSubject } from './subject-placement.ts';

/**
 * The document with a marketplace preset applied: its canvas; its background (a preset with a colour sets that
 * colour and takes the background image away, since the rule is a plain background; one without keeps both,
 * the image following the canvas as on any size change); the foreground's subject fitted to the preset's fill,
 * centred. The preset is remembered, so the editor checks its rules.
 */
export function applyMarketplacePreset(document: CompositionDocument, preset: MarketplacePreset): CompositionDocument {
  const to = preset.canvas;
  const template =
    preset.colorCode !== null || !document.template
      ? null
      : { ...document.template, ...layerForCanvas(document.template, document.template.source, document.canvas, to) };
  const foreground = document.foreground && { ...document.foreground, ...fitSubject(document.foreground, to, preset.fill) };
  return {
    ...document,
    canvas: { ...to },
    colorCode: preset.colorCode ?? document.colorCode,
    template,
    foreground,
    marketplace: preset.id,
  };
}
