/** A render big enough that it takes a while on one core (4000x4000, the samples scaled up), so a test that kills
 * a server or a worker finds it still rendering; `x` tells the jobs apart. */
export const slowRenderBody = (base: string, x: number) => ({
  color_code: '#336699',
  canvas_size: '4000x4000',
  template_url: `${base}/samples/background.jpg`,
  modify_template_size: '4000x4000',
  overlay_template_x: 0,
  overlay_template_y: 0,
  origin_img: `${base}/samples/foreground.png`,
  modify_origin_img_size: '3000x2500',
  overlay_origin_x: x,
  overlay_origin_y: 1000,
});
