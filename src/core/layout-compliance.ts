import { fileChecks, fillCheck, sizeChecks, wholeSubjectCheck, type ComplianceCheck, type ComplianceReport } from './compliance-checks.ts';
import type { CompositionDocument } from './document.ts';
import { rectsOverlap } from './geometry.ts';
import type { MarketplacePreset } from './marketplace-rules.ts';
import { subjectOnCanvas } from './subject-placement.ts';

/**
 * The background rule judged from the layout: white colour and no background image showing on the canvas. It
 * trusts that a cut-out is transparent around its subject (the render's check looks at every pixel).
 */
function layoutBackgroundCheck(document: CompositionDocument): ComplianceCheck {
  const canvas = { x: 0, y: 0, ...document.canvas };
  const templateShows = document.template !== null && rectsOverlap(document.template, canvas);
  const white = document.colorCode === '#ffffff';
  return {
    rule: 'background',
    passed: white && !templateShows,
    measured: templateShows ? 'a background image shows' : white ? 'white #ffffff' : `colour ${document.colorCode ?? 'none (transparent)'}`,
    required: 'every pixel outside the product 255, 255, 255',
  };
}

/**
 * The marketplace's rules checked on the layout, before any render: background, fill and size from the
 * layout; format and file size are only known once rendered (`passed: null`). `passed` is true only when every
 * check that can be judged passes.
 */
export function checkLayout(document: CompositionDocument, preset: MarketplacePreset): ComplianceReport {
  const { rules } = preset;
  const subject = document.foreground ? subjectOnCanvas(document.foreground) : null;
  const checks: ComplianceCheck[] = [];
  if (rules.pureWhiteBackground) checks.push(layoutBackgroundCheck(document));
  if (rules.fill) checks.push(fillCheck(rules.fill, subject, document.canvas));
  if (rules.wholeSubject) checks.push(wholeSubjectCheck(subject, document.canvas));
  checks.push(...sizeChecks(rules, document.canvas), ...fileChecks(rules, null));
  return { marketplace: preset.id, passed: checks.every((check) => check.passed !== false), checks };
}
