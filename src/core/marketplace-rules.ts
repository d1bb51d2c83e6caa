import type { Size } from './size.ts';

/** What a marketplace checks of a listing's main image; absent fields are things it does not limit. */
export interface ImageRules {
  /** Every pixel outside the product is #FFFFFF. */
  pureWhiteBackground?: boolean;
  /** The product's share of the frame (its box's larger share of width or height), 0..1. */
  fill?: { min: number; max?: number };
  /** The whole product inside the frame, none of it cut off by an edge. */
  wholeSubject?: boolean;
  minLongestSide?: number;
  maxLongestSide?: number;
  maxPixels?: number;
  /** Lower-case format names as sharp and our uploads name them ("jpeg", "png", ...). */
  formats?: readonly string[];
  maxBytes?: number;
}

/** A preset that sets the canvas, the background and the product's placement for one marketplace or network. */
export interface MarketplacePreset {
  id: string;
  label: string;
  canvas: Size;
  /** The background colour the preset sets; null keeps the current one. */
  colorCode: string | null;
  /** The share of the frame the product is fitted to (see fitSubject). */
  fill: number;
  rules: ImageRules;
  /** The rule in one sentence, shown beside the preset. */
  citation: string;
  /** Where the rule is written (as read in 2026). */
  source: string;
}

const MB = 1024 * 1024;

/**
 * Marketplace presets, rules as data. Only what the marketplace itself publishes is a rule (checked by the
 * compliance check); the canvas and the fill of marketplaces without a fill rule are their recommendations.
 */
export const MARKETPLACE_PRESETS: readonly MarketplacePreset[] = [
  {
    id: 'amazon',
    label: 'Amazon main image',
    canvas: { width: 2000, height: 2000 },
    colorCode: '#ffffff',
    fill: 0.85,
    rules: {
      pureWhiteBackground: true,
      fill: { min: 0.85 },
      wholeSubject: true,
      minLongestSide: 1000,
      maxLongestSide: 10000,
      formats: ['jpeg', 'png', 'gif', 'tiff'],
      maxBytes: 10 * MB,
    },
    citation:
      'Main image: pure white background (RGB 255, 255, 255), the product fills 85 % of the frame, whole product shown; at least 1000 px on the longest side for zoom; JPEG, PNG, GIF or TIFF, at most 10 MB.',
    source: 'https://sellercentral.amazon.com/help/hub/reference/external/G1881',
  },
  {
    id: 'shopify',
    label: 'Shopify product',
    canvas: { width: 2048, height: 2048 },
    colorCode: null,
    fill: 0.85,
    rules: { maxLongestSide: 4472, maxPixels: 20_000_000, formats: ['jpeg', 'png', 'gif', 'webp'], maxBytes: 20 * MB },
    citation: 'Square 2048×2048 displays best; at most 4472×4472 px (20 megapixels) and 20 MB; JPEG, PNG, GIF or WebP.',
    source: 'https://help.shopify.com/en/manual/online-store/images/theme-images',
  },
  {
    id: 'ebay',
    label: 'eBay listing',
    canvas: { width: 1600, height: 1600 },
    colorCode: '#ffffff',
    fill: 0.85,
    rules: { minLongestSide: 500, formats: ['jpeg', 'png', 'gif', 'tiff', 'bmp'], maxBytes: 12 * MB },
    citation: 'At least 500 px on the longest side (1600 recommended), on a plain white background; JPEG, PNG, GIF, TIFF or BMP, at most 12 MB.',
    source: 'https://www.ebay.com/help/policies/listing-policies/picture-policy?id=4370',
  },
  {
    id: 'etsy',
    label: 'Etsy listing',
    canvas: { width: 2000, height: 1600 },
    colorCode: null,
    fill: 0.8,
    rules: { minLongestSide: 2000, formats: ['jpeg', 'png', 'gif'], maxBytes: 10 * MB },
    citation: '5:4 (2000×1600): at least 2000 px wide; JPEG, PNG or GIF, at most 10 MB.',
    source: 'https://help.etsy.com/hc/en-us/articles/115015663347',
  },
  {
    id: 'google',
    label: 'Google Merchant',
    canvas: { width: 1500, height: 1500 },
    colorCode: '#ffffff',
    fill: 0.825,
    rules: {
      fill: { min: 0.75, max: 0.9 },
      wholeSubject: true,
      minLongestSide: 100,
      maxPixels: 64_000_000,
      formats: ['jpeg', 'webp', 'png', 'gif', 'bmp', 'tiff'],
      maxBytes: 16 * MB,
    },
    citation:
      'image_link: 1500×1500 recommended, the product between 75 % and 90 % of the image, whole product on a white or light background; at most 64 megapixels and 16 MB.',
    source: 'https://support.google.com/merchants/answer/6324350',
  },
  {
    id: 'instagram-square',
    label: 'Instagram square',
    canvas: { width: 1080, height: 1080 },
    colorCode: null,
    fill: 0.8,
    rules: {},
    citation: 'Feed post, 1:1 at 1080×1080.',
    source: 'https://help.instagram.com/1631821640426723',
  },
  {
    id: 'instagram-portrait',
    label: 'Instagram portrait',
    canvas: { width: 1080, height: 1350 },
    colorCode: null,
    fill: 0.8,
    rules: {},
    citation: 'Feed post, 4:5 at 1080×1350.',
    source: 'https://help.instagram.com/1631821640426723',
  },
  {
    id: 'pinterest',
    label: 'Pinterest pin',
    canvas: { width: 1000, height: 1500 },
    colorCode: null,
    fill: 0.8,
    rules: {},
    citation: 'Standard pin, 2:3 at 1000×1500.',
    source: 'https://help.pinterest.com/en/business/article/pinterest-product-specs',
  },
];

export function marketplacePreset(id: string): MarketplacePreset | undefined {
  return MARKETPLACE_PRESETS.find((preset) => preset.id === id);
}

/** True when the marketplace has rules a compliance check can test. */
export const hasImageRules = (preset: MarketplacePreset): boolean => Object.keys(preset.rules).length > 0;

/** The ids GET /api/jobs/:id/compliance accepts. */
export const CHECKED_MARKETPLACES: readonly string[] = MARKETPLACE_PRESETS.filter(hasImageRules).map((preset) => preset.id);
