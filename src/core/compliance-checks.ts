import { intersectRect, type Rect } from './geometry.ts';
import type { ImageRules } from './marketplace-rules.ts';
import type { Size } from './size.ts';
import { subjectFill, subjectInsideCanvas } from './subject-placement.ts';

export type ComplianceRule = 'background' | 'fill' | 'whole-subject' | 'longest-side' | 'pixels' | 'format' | 'file-size';

/**
 * One rule checked. `measured` and `required` are for people ("83.0 %", "at least 85 %"). `passed` is null when
 * the rule cannot be judged yet: the editor's live check of a rule only the rendered file can show.
 */
export interface ComplianceCheck {
  rule: ComplianceRule;
  passed: boolean | null;
  measured: string;
  required: string;
}

export interface ComplianceReport {
  marketplace: string;
  passed: boolean;
  checks: ComplianceCheck[];
}

export const RULE_NAMES: Record<ComplianceRule, string> = {
  background: 'Pure white background',
  fill: 'Product fills the frame',
  'whole-subject': 'Whole product shown',
  'longest-side': 'Longest side',
  pixels: 'Pixels',
  format: 'File format',
  'file-size': 'File size',
};

/** A check in words, as the job card and the editor show a failing one. */
export function describeCheck(check: ComplianceCheck): string {
  return `${RULE_NAMES[check.rule]}: ${check.measured}; required: ${check.required}`;
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const wholePercent = (share: number) => `${Math.round(share * 1000) / 10} %`;
const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(2)} MB`;
const groupDigits = (value: number) => value.toLocaleString('en-US');

export function fillCheck(fill: { min: number; max?: number }, subject: Rect | null, canvas: Size): ComplianceCheck {
  const share = subject ? subjectFill(subject, canvas) : 0;
  // A hundredth of a percent of slack: a fill computed from whole pixels must not miss its minimum by float error.
  const passed = subject !== null && share >= fill.min - 1e-4 && (fill.max === undefined || share <= fill.max + 1e-4);
  return {
    rule: 'fill',
    passed,
    measured: subject ? percent(share) : 'no product',
    required: fill.max === undefined ? `at least ${wholePercent(fill.min)}` : `${wholePercent(fill.min)} to ${wholePercent(fill.max)}`,
  };
}

export function wholeSubjectCheck(subject: Rect | null, canvas: Size): ComplianceCheck {
  const inside = subject !== null && subjectInsideCanvas(subject, canvas);
  return {
    rule: 'whole-subject',
    passed: inside,
    measured: subject === null ? 'no product' : inside ? 'inside the frame' : 'cut off by an edge',
    required: 'the whole product inside the frame',
  };
}

/** The checks of the image's size: the same for a layout's canvas and a rendered file. */
export function sizeChecks(rules: ImageRules, size: Size): ComplianceCheck[] {
  const checks: ComplianceCheck[] = [];
  const longest = Math.max(size.width, size.height);
  if (rules.minLongestSide !== undefined || rules.maxLongestSide !== undefined) {
    const min = rules.minLongestSide ?? 1;
    const max = rules.maxLongestSide ?? Infinity;
    checks.push({
      rule: 'longest-side',
      passed: longest >= min && longest <= max,
      measured: `${longest} px`,
      required:
        rules.maxLongestSide === undefined
          ? `at least ${min} px`
          : rules.minLongestSide === undefined
            ? `at most ${max} px`
            : `${min} to ${max} px`,
    });
  }
  if (rules.maxPixels !== undefined) {
    const pixels = size.width * size.height;
    checks.push({
      rule: 'pixels',
      passed: pixels <= rules.maxPixels,
      measured: `${groupDigits(pixels)} px`,
      required: `at most ${groupDigits(rules.maxPixels)} px`,
    });
  }
  return checks;
}

/** The checks of the file; with `file` null (a layout not rendered yet) they wait for the render. */
export function fileChecks(rules: ImageRules, file: { format: string; bytes: number } | null): ComplianceCheck[] {
  const checks: ComplianceCheck[] = [];
  if (rules.formats) {
    checks.push({
      rule: 'format',
      passed: file ? rules.formats.includes(file.format) : null,
      measured: file ? file.format : 'known after the render',
      required: `one of ${rules.formats.join(', ')}`,
    });
  }
  if (rules.maxBytes !== undefined) {
    checks.push({
      rule: 'file-size',
      passed: file ? file.bytes <= rules.maxBytes : null,
      measured: file ? megabytes(file.bytes) : 'known after the render',
      required: `at most ${megabytes(rules.maxBytes)}`,
    });
  }
  return checks;
}

export function backgroundCheck(notWhite: number, firstAt: { x: number; y: number } | null): ComplianceCheck {
  return {
    rule: 'background',
    passed: notWhite === 0,
    measured: notWhite === 0 ? 'all white' : `${groupDigits(notWhite)} pixels not white (the first at ${firstAt!.x}, ${firstAt!.y})`,
    required: 'every pixel outside the product 255, 255, 255',
  };
}

/** A decoded image: `pixels` row by row, `channels` bytes a pixel (3 RGB, 4 RGBA). */
export interface DecodedImage {
  width: number;
  height: number;
  channels: 3 | 4;
  pixels: Uint8Array | Uint8ClampedArray;
}

/**
 * Counts the pixels outside `exempt` that are not opaque 255, 255, 255. `exempt` is the subject's box (with
 * whatever edge its resampling blends into its surroundings); null exempts nothing.
 */
export function countNotWhite(image: DecodedImage, exempt: Rect | null): { notWhite: number; firstAt: { x: number; y: number } | null } {
  const { width, height, channels, pixels } = image;
  const box = exempt && intersectRect(exempt, { x: 0, y: 0, width, height });
  const left = box ? Math.floor(box.x) : 0;
  const right = box ? Math.ceil(box.x + box.width) : 0;
  const top = box ? Math.floor(box.y) : 0;
  const bottom = box ? Math.ceil(box.y + box.height) : 0;
  let notWhite = 0;
  let firstAt: { x: number; y: number } | null = null;
  for (let y = 0; y < height; y += 1) {
    const rowInBox = box !== null && y >= top && y < bottom;
    let offset = y * width * channels;
    for (let x = 0; x < width; x += 1, offset += channels) {
      if (rowInBox && x >= left && x < right) continue;
      const white = pixels[offset] === 255 && pixels[offset + 1] === 255 && pixels[offset + 2] === 255 && (channels === 3 || pixels[offset + 3] === 255);
      if (white) continue;
      notWhite += 1;
      firstAt ??= { x, y };
    }
  }
  return { notWhite, firstAt };
}

export interface RenderedResult {
  image: DecodedImage;
  format: string;
  bytes: number;
  /** The subject's box on the result (may reach past its edges), or null when the result shows no subject. */
  subject: Rect | null;
  /** Where pixels need not be white: the subject's box and the few pixels its edge blends into. Default: subject. */
  exempt?: Rect | null;
}

/** Every rule of `rules` checked on a rendered result. */
export function checkRenderedResult(marketplace: string, rules: ImageRules, result: RenderedResult): ComplianceReport {
  const size = { width: result.image.width, height: result.image.height };
  const checks: ComplianceCheck[] = [];
  if (rules.pureWhiteBackground) {
    const { notWhite, firstAt } = countNotWhite(result.image, result.exempt === undefined ? result.subject : result.exempt);
    checks.push(backgroundCheck(notWhite, firstAt));
  }
  if (rules.fill) checks.push(fillCheck(rules.fill, result.subject, size));
  if (rules.wholeSubject) checks.push(wholeSubjectCheck(result.subject, size));
  checks.push(...sizeChecks(rules, size), ...fileChecks(rules, { format: result.format, bytes: result.bytes }));
  return { marketplace, passed: checks.every((check) => check.passed === true), checks };
}
