import { boxMean } from './box-filter.ts';

/** An RGB image as three float planes in 0..1. */
export interface ColorPlanes {
  width: number;
  height: number;
  r: Float32Array;
  g: Float32Array;
  b: Float32Array;
}

/** The guided filter's local linear model q = a·I + b, per pixel, already averaged over each window. */
export interface GuidedCoefficients {
  width: number;
  height: number;
  ar: Float32Array;
  ag: Float32Array;
  ab: Float32Array;
  b: Float32Array;
}

/**
 * The colour guided filter's coefficients (He, Sun & Tang 2013): inside each window the output is modelled as a
 * linear function of the guide's colour, fitted to `input` by least squares with `eps` as ridge. With a coarse
 * mask as input and the photo as guide, the fitted model moves the mask's edge onto the photo's own colour edge.
 * A colour guide (not luminance) keeps edges between subject and background of equal brightness.
 */
export function guidedCoefficients(guide: ColorPlanes, input: Float32Array, radius: number, eps: number): GuidedCoefficients {
  const { width, height, r, g, b } = guide;
  const n = width * height;
  const mean = (plane: Float32Array) => boxMean(plane, width, height, radius);
  const product = (x: Float32Array, y: Float32Array) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i += 1) out[i] = x[i]! * y[i]!;
    return mean(out);
  };
  const mr = mean(r);
  const mg = mean(g);
  const mb = mean(b);
  const mp = mean(input);
  const mrp = product(r, input);
  const mgp = product(g, input);
  const mbp = product(b, input);
  const mrr = product(r, r);
  const mrg = product(r, g);
  const mrb = product(r, b);
  const mgg = product(g, g);
  const mgb = product(g, b);
  const mbb = product(b, b);

  const ar = new Float32Array(n);
  const ag = new Float32Array(n);
  const ab = new Float32Array(n);
  const bb = new Float32Array(n);
  for (let i = 0; i < n; i += 1) {
    const ur = mr[i]!;
    const ug = mg[i]!;
    const ub = mb[i]!;
    const up = mp[i]!;
    const cr = mrp[i]! - ur * up;
    const cg = mgp[i]! - ug * up;
    const cb = mbp[i]! - ub * up;
    // The window's colour covariance plus eps on the diagonal, inverted by its adjugate.
    const s11 = mrr[i]! - ur * ur + eps;
    const s12 = mrg[i]! - ur * ug;
    const s13 = mrb[i]! - ur * ub;
    const s22 = mgg[i]! - ug * ug + eps;
    const s23 = mgb[i]! - ug * ub;
    const s33 = mbb[i]! - ub * ub + eps;
    const i11 = s22 * s33 - s23 * s23;
    const i12 = s13 * s23 - s12 * s33;
    const i13 = s12 * s23 - s13 * s22;
    const i22 = s11 * s33 - s13 * s13;
    const i23 = s13 * s12 - s11 * s23;
    const i33 = s11 * s22 - s12 * s12;
    const det = s11 * i11 + s12 * i12 + s13 * i13;
    const x = (i11 * cr + i12 * cg + i13 * cb) / det;
    const y = (i12 * cr + i22 * cg + i23 * cb) / det;
    const z = (i13 * cr + i23 * cg + i33 * cb) / det;
    ar[i] = x;
    ag[i] = y;
    ab[i] = z;
    bb[i] = up - x * ur - y * ug - z * ub;
  }
  return { width, height, ar: mean(ar), ag: mean(ag), ab: mean(ab), b: mean(bb) };
}
