import { describe, expect, it } from 'vitest';
import { AKOOL_EXAMPLES } from './akool-examples.ts';
import { validateRequest } from './validate-request.ts';

describe('AKOOL_EXAMPLES', () => {
  it('holds the four combinations of the API page', () => {
    expect(Object.keys(AKOOL_EXAMPLES)).toEqual(['template', 'color', 'templateAndColor', 'neither']);
  });

  it('copies the bodies verbatim', () => {
    expect(AKOOL_EXAMPLES.color).toStrictEqual({
      color_code: '#c9aafb',
      canvas_size: '3840x3840',
      origin_img: 'https://drz0f01yeq1cx.cloudfront.net/1712132369637-69a946c0-b2a7-4fe6-92c8-2729b36cc13e-0183.png',
      modify_origin_img_size: '3060x3824',
      overlay_origin_x: 388,
      overlay_origin_y: 8,
    });
    expect(AKOOL_EXAMPLES.template).toMatchObject({
      canvas_size: '3840x3840',
      modify_template_size: '3830x3830',
      overlay_template_x: 5,
      overlay_template_y: 5,
      origin_img: 'https://drz0f01yeq1cx.cloudfront.net/1711939252580-7e40bd1a-e480-42ed-8585-3f9ffccf6bdb-5822.png',
      modify_origin_img_size: '3830x2145',
      overlay_origin_x: 5,
      overlay_origin_y: 849,
    });
    expect(AKOOL_EXAMPLES.template.template_url).toMatch(/^https:\/\/s3-alpha-sig\.figma\.com\/img\/dd86\/048d\/a2f66b5440ca0097162432cc5d420f31\?Expires=1712534400&/);
    expect(AKOOL_EXAMPLES.template.template_url).toMatch(/TkQ__$/);
    expect(AKOOL_EXAMPLES.templateAndColor).toMatchObject({
      color_code: '#aafbe3',
      template_url: AKOOL_EXAMPLES.template.template_url,
      modify_template_size: '3828x3828',
      overlay_template_x: 2049,
      overlay_template_y: -6,
      modify_origin_img_size: '3062x3828',
      overlay_origin_x: -72,
      overlay_origin_y: -84,
    });
    expect(AKOOL_EXAMPLES.neither).toStrictEqual({
      canvas_size: '3840x3840',
      origin_img: AKOOL_EXAMPLES.color.origin_img,
      modify_origin_img_size: '3060x3824',
      overlay_origin_x: 388,
      overlay_origin_y: 8,
    });
  });

  it('has no webhookUrl in any body (the server sets it)', () => {
    for (const body of Object.values(AKOOL_EXAMPLES)) expect(body).not.toHaveProperty('webhookUrl');
  });

  it.each(Object.entries(AKOOL_EXAMPLES))('the %s body validates', (_name, body) => {
    expect(validateRequest(body).ok).toBe(true);
  });
});
