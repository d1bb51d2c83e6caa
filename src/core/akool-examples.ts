import type { BackgroundChangeRequest } from './request-schema.ts';

const FIGMA_TEMPLATE =
  'https://s3-alpha-sig.figma.com/img/dd86/048d/a2f66b5440ca0097162432cc5d420f31?Expires=1712534400&Key-Pair-Id=APKAQ4GOSFWCVNEHN3O4&Signature=YfFEN1MK9UZvh5CX8ne6OOPWLW4mMYU7x8jm7CyCtD5XyEmz-nsuzuLE2TdfYNXtt6vF3TLmyRbECkpAKzEnnpR8LMNgT7w2v-qn~QwnJAjAhmBhBwZ95eUEQ1IPxpX~8Gp8U3aUOYHla3mwWEULlSpFgcei6HffDZh2oIC6prKzH8rWB4JuUcpUvKw7Lq~kUfeEZ8Em-l3DvgQYzrKIuAAvoPKiYOeqIcmUs9Ba1d9wAFbjJXxHqo9xxJENMLtXIOqjGbcZLV9DWpk-fZnQAhC-ikrqoEpU~zA64aqcGYE0pv~LmV7LrCrugBcujQFBvdZqgdoV8po4HBH1Io~TkQ__';
const FOREGROUND_1 = 'https://drz0f01yeq1cx.cloudfront.net/1711939252580-7e40bd1a-e480-42ed-8585-3f9ffccf6bdb-5822.png';
const FOREGROUND_2 = 'https://drz0f01yeq1cx.cloudfront.net/1712132369637-69a946c0-b2a7-4fe6-92c8-2729b36cc13e-0183.png';

/** The four example bodies of Akool's API page, verbatim: template; colour; template and colour; neither. */
export const AKOOL_EXAMPLES = {
  template: {
    canvas_size: '3840x3840',
    template_url: FIGMA_TEMPLATE,
    modify_template_size: '3830x3830',
    overlay_template_x: 5,
    overlay_template_y: 5,
    origin_img: FOREGROUND_1,
    modify_origin_img_size: '3830x2145',
    overlay_origin_x: 5,
    overlay_origin_y: 849,
  },
  color: {
    color_code: '#c9aafb',
    canvas_size: '3840x3840',
    origin_img: FOREGROUND_2,
    modify_origin_img_size: '3060x3824',
    overlay_origin_x: 388,
    overlay_origin_y: 8,
  },
  templateAndColor: {
    color_code: '#aafbe3',
    canvas_size: '3840x3840',
    template_url: FIGMA_TEMPLATE,
    modify_template_size: '3828x3828',
    overlay_template_x: 2049,
    overlay_template_y: -6,
    origin_img: FOREGROUND_2,
    modify_origin_img_size: '3062x3828',
    overlay_origin_x: -72,
    overlay_origin_y: -84,
  },
  neither: {
    canvas_size: '3840x3840',
    origin_img: FOREGROUND_2,
    modify_origin_img_size: '3060x3824',
    overlay_origin_x: 388,
    overlay_origin_y: 8,
  },
} as const satisfies Record<string, BackgroundChangeRequest>;
