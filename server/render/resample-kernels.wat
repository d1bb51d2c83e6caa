;; The resampler's and the canvas's inner loops, WebAssembly SIMD. One pixel is one f32x4 of (r, g, b, a), so
;; every tap is one multiply-add for all four channels. Pointers are byte addresses in this module's own memory;
;; the callers copy rows in and out: catrom-resampler.mjs (the passes; it hands out the memory with its `take`:
;; nothing here is at a fixed address) and canvas-rows.mjs (blending over an opaque canvas, RGB packing).
;;
;; Assembled by scripts/build-wasm.mjs into resample-kernels.wasm (committed; wasm-build.test.ts checks that
;; it is this source's assembly byte for byte). Loads and stores name no alignment: addresses are any byte.
(module
  (memory (export "memory") 16)

  ;; prepRgba(src, dst, n): n RGBA byte pixels -> f32x4 (r*a, g*a, b*a, a), a in 0..255.
  (func (export "prepRgba") (param $src i32) (param $dst i32) (param $n i32)
    (local $end i32) (local $pixel v128)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (v128.store (local.get $dst)
          (f32x4.replace_lane 3
            (f32x4.mul
              (local.tee $pixel
                (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u
                  (v128.load32_zero (local.get $src))))))
              (f32x4.splat (f32x4.extract_lane 3 (local.get $pixel))))
            (f32x4.extract_lane 3 (local.get $pixel))))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $next))))

  ;; prepRgb(src, dst, n): n RGB byte pixels -> f32x4 (r*255, g*255, b*255, 255), premultiplied as if alpha
  ;; were 255. Reads one byte past the last pixel.
  (func (export "prepRgb") (param $src i32) (param $dst i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (i32.mul (local.get $n) (i32.const 3)) (local.get $src)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (v128.store (local.get $dst)
          (f32x4.mul
            (f32x4.replace_lane 3
              (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u
                (v128.load32_zero (local.get $src)))))
              (f32.const 1))
            (v128.const f32x4 255 255 255 255)))
        (local.set $src (i32.add (local.get $src) (i32.const 3)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $next))))

  ;; hrow(prow, out, vw, starts, counts, weights, weightStride): for each of the vw output columns, the weighted
  ;; sum of its taps of the premultiplied row (column i: counts[i] pixels from prow[starts[i]], the weights
  ;; weightStride bytes apart per column), then ImageMagick's clamp between passes: colour = clamp(sum / A) in
  ;; 0..255, alpha = min(A / 255, 1), stored premultiplied again (A <= 0: all zero).
  (func (export "hrow")
    (param $prow i32) (param $out i32) (param $vw i32) (param $starts i32) (param $counts i32) (param $weights i32)
    (param $weightStride i32)
    (local $outEnd i32) (local $tap i32) (local $taps i32) (local $weight i32) (local $sum v128)
    (local $A f32) (local $alpha f32)
    (local.set $outEnd (i32.add (local.get $out) (i32.shl (local.get $vw) (i32.const 4))))
    (block $done
      (loop $column
        (br_if $done (i32.ge_u (local.get $out) (local.get $outEnd)))
        (local.set $tap (i32.add (local.get $prow) (i32.shl (i32.load (local.get $starts)) (i32.const 4))))
        (local.set $taps (i32.load (local.get $counts)))
        (local.set $weight (local.get $weights))
        (local.set $sum (v128.const f32x4 0 0 0 0))
        (block $summed
          (loop $nextTap
            (br_if $summed (i32.eqz (local.get $taps)))
            (local.set $sum
              (f32x4.add (local.get $sum)
                (f32x4.mul (f32x4.splat (f32.load (local.get $weight))) (v128.load (local.get $tap)))))
            (local.set $tap (i32.add (local.get $tap) (i32.const 16)))
            (local.set $weight (i32.add (local.get $weight) (i32.const 4)))
            (local.set $taps (i32.sub (local.get $taps) (i32.const 1)))
            (br $nextTap)))
        (local.set $A (f32x4.extract_lane 3 (local.get $sum)))
        (v128.store (local.get $out)
          (v128.bitselect
            (f32x4.replace_lane 3
              (f32x4.mul
                (f32x4.pmin
                  (f32x4.pmax
                    (f32x4.mul (local.get $sum) (f32x4.splat (f32.div (f32.const 1) (local.get $A))))
                    (v128.const f32x4 0 0 0 0))
                  (v128.const f32x4 255 255 255 255))
                (f32x4.splat (local.tee $alpha (f32.min (f32.div (local.get $A) (f32.const 255)) (f32.const 1)))))
              (local.get $alpha))
            (v128.const f32x4 0 0 0 0)
            (f32x4.gt (f32x4.splat (local.get $A)) (v128.const f32x4 0 0 0 0))))
        (local.set $weights (i32.add (local.get $weights) (local.get $weightStride)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $starts (i32.add (local.get $starts) (i32.const 4)))
        (local.set $counts (i32.add (local.get $counts) (i32.const 4)))
        (br $column))))

  ;; hrow4(prow, out, vw, starts, weights): hrow for exactly four taps per column (enlarging or mild shrinking;
  ;; missing taps weigh 0), the weights four f32 per column, the tap loop unrolled.
  (func (export "hrow4") (param $prow i32) (param $out i32) (param $vw i32) (param $starts i32) (param $weights i32)
    (local $outEnd i32) (local $tap i32) (local $sum v128) (local $A f32) (local $alpha f32)
    (local.set $outEnd (i32.add (local.get $out) (i32.shl (local.get $vw) (i32.const 4))))
    (block $done
      (loop $column
        (br_if $done (i32.ge_u (local.get $out) (local.get $outEnd)))
        (local.set $tap (i32.add (local.get $prow) (i32.shl (i32.load (local.get $starts)) (i32.const 4))))
        (local.set $A
          (f32x4.extract_lane 3
            (local.tee $sum
              (f32x4.add
                (f32x4.add
                  (f32x4.add
                    (f32x4.mul (f32x4.splat (f32.load (local.get $weights))) (v128.load (local.get $tap)))
                    (f32x4.mul (f32x4.splat (f32.load offset=4 (local.get $weights))) (v128.load offset=16 (local.get $tap))))
                  (f32x4.mul (f32x4.splat (f32.load offset=8 (local.get $weights))) (v128.load offset=32 (local.get $tap))))
                (f32x4.mul (f32x4.splat (f32.load offset=12 (local.get $weights))) (v128.load offset=48 (local.get $tap)))))))
        (v128.store (local.get $out)
          (v128.bitselect
            (f32x4.replace_lane 3
              (f32x4.mul
                (f32x4.pmin
                  (f32x4.pmax
                    (f32x4.mul (local.get $sum) (f32x4.splat (f32.div (f32.const 1) (local.get $A))))
                    (v128.const f32x4 0 0 0 0))
                  (v128.const f32x4 255 255 255 255))
                (f32x4.splat (local.tee $alpha (f32.min (f32.div (local.get $A) (f32.const 255)) (f32.const 1)))))
              (local.get $alpha))
            (v128.const f32x4 0 0 0 0)
            (f32x4.gt (f32x4.splat (local.get $A)) (v128.const f32x4 0 0 0 0))))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $starts (i32.add (local.get $starts) (i32.const 4)))
        (local.set $weights (i32.add (local.get $weights) (i32.const 16)))
        (br $column))))

  ;; vrow4(r0, r1, r2, r3, w0, w1, w2, w3, dst, vw): the weighted sum of four premultiplied rows, divided by its
  ;; alpha, clamped, rounded, written as vw RGBA byte pixels (alpha <= 0: transparent black).
  (func (export "vrow4")
    (param $r0 i32) (param $r1 i32) (param $r2 i32) (param $r3 i32)
    (param $w0 f32) (param $w1 f32) (param $w2 f32) (param $w3 f32) (param $dst i32) (param $vw i32)
    (local $end i32) (local $w0x4 v128) (local $w1x4 v128) (local $w2x4 v128) (local $w3x4 v128)
    (local $sum v128) (local $A f32)
    (local.set $w0x4 (f32x4.splat (local.get $w0)))
    (local.set $w1x4 (f32x4.splat (local.get $w1)))
    (local.set $w2x4 (f32x4.splat (local.get $w2)))
    (local.set $w3x4 (f32x4.splat (local.get $w3)))
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $vw) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (local.set $A
          (f32x4.extract_lane 3
            (local.tee $sum
              (f32x4.add
                (f32x4.add
                  (f32x4.add
                    (f32x4.mul (v128.load (local.get $r0)) (local.get $w0x4))
                    (f32x4.mul (v128.load (local.get $r1)) (local.get $w1x4)))
                  (f32x4.mul (v128.load (local.get $r2)) (local.get $w2x4)))
                (f32x4.mul (v128.load (local.get $r3)) (local.get $w3x4))))))
        (i32.store (local.get $dst)
          (select
            ;; (colour / A clamped to 0..255, A * 255 at most 255) + 0.5, truncated, narrowed to bytes.
            (i32x4.extract_lane 0
              (i8x16.narrow_i16x8_u
                (local.tee $sum
                  (i16x8.narrow_i32x4_u
                    (local.tee $sum
                      (i32x4.trunc_sat_f32x4_s
                        (f32x4.add
                          (f32x4.replace_lane 3
                            (f32x4.pmin
                              (f32x4.pmax
                                (f32x4.mul (local.get $sum) (f32x4.splat (f32.div (f32.const 1) (local.get $A))))
                                (v128.const f32x4 0 0 0 0))
                              (v128.const f32x4 255 255 255 255))
                            (f32.min (f32.mul (local.get $A) (f32.const 255)) (f32.const 255)))
                          (v128.const f32x4 0.5 0.5 0.5 0.5))))
                    (local.get $sum)))
                (local.get $sum)))
            (i32.const 0)
            (f32.gt (local.get $A) (f32.const 0))))
        (local.set $r0 (i32.add (local.get $r0) (i32.const 16)))
        (local.set $r1 (i32.add (local.get $r1) (i32.const 16)))
        (local.set $r2 (i32.add (local.get $r2) (i32.const 16)))
        (local.set $r3 (i32.add (local.get $r3) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $next))))

  ;; vaccum(acc, row, w, vw): acc += w * row over vw pixels, for more than four vertical taps (shrinking).
  (func (export "vaccum") (param $acc i32) (param $row i32) (param $w f32) (param $vw i32)
    (local $end i32) (local $wx4 v128)
    (local.set $wx4 (f32x4.splat (local.get $w)))
    (local.set $end (i32.add (local.get $acc) (i32.shl (local.get $vw) (i32.const 4))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $acc) (local.get $end)))
        (v128.store (local.get $acc)
          (f32x4.add (v128.load (local.get $acc)) (f32x4.mul (v128.load (local.get $row)) (local.get $wx4))))
        (local.set $acc (i32.add (local.get $acc) (i32.const 16)))
        (local.set $row (i32.add (local.get $row) (i32.const 16)))
        (br $next))))

  ;; overOpaque(dst, src, n): n RGBA pixels of src (not premultiplied) over dst, whose every pixel is opaque, four
  ;; at a time: c = floor((s * sa + d * (255 - sa) + 127) / 255), alpha kept (255). Exact at sa 0 (d) and 255
  ;; (s), so transparent padding after src's last pixel leaves dst as it is, alpha included. Each half (two
  ;; pixels as eight 16-bit lanes) computes x = s * sa + d * (255 - sa) + 127, then floor(x / 255) as
  ;; (x + (x >> 8) + 1) >> 8, exact for every x up to 255 * 255 + 127 (and no lane passes 2^16).
  (func (export "overOpaque") (param $dst i32) (param $src i32) (param $n i32)
    (local $end i32) (local $s v128) (local $d v128) (local $sa v128) (local $x v128)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        ;; Each pixel's alpha in all four of its bytes.
        (local.set $sa
          (i8x16.shuffle 3 3 3 3 7 7 7 7 11 11 11 11 15 15 15 15
            (local.tee $s (v128.load (local.get $src)))
            (local.get $s)))
        (local.set $d (v128.load (local.get $dst)))
        ;; The low half (pixels 0 and 1) into $x.
        (local.set $x
          (i16x8.shr_u
            (i16x8.add
              (i16x8.add
                (local.tee $x
                  (i16x8.add
                    (i16x8.add
                      (i16x8.mul (i16x8.extend_low_i8x16_u (local.get $s)) (i16x8.extend_low_i8x16_u (local.get $sa)))
                      (i16x8.mul
                        (i16x8.extend_low_i8x16_u (local.get $d))
                        (i16x8.sub (v128.const i16x8 255 255 255 255 255 255 255 255) (i16x8.extend_low_i8x16_u (local.get $sa)))))
                    (v128.const i16x8 127 127 127 127 127 127 127 127)))
                (i16x8.shr_u (local.get $x) (i32.const 8)))
              (v128.const i16x8 1 1 1 1 1 1 1 1))
            (i32.const 8)))
        (v128.store (local.get $dst)
          (v128.bitselect
            (local.get $d) ;; alpha from dst, colour from the blend
            (i8x16.narrow_i16x8_u
              (local.get $x)
              ;; The high half (pixels 2 and 3).
              (i16x8.shr_u
                (i16x8.add
                  (i16x8.add
                    (local.tee $x
                      (i16x8.add
                        (i16x8.add
                          (i16x8.mul (i16x8.extend_high_i8x16_u (local.get $s)) (i16x8.extend_high_i8x16_u (local.get $sa)))
                          (i16x8.mul
                            (i16x8.extend_high_i8x16_u (local.get $d))
                            (i16x8.sub (v128.const i16x8 255 255 255 255 255 255 255 255) (i16x8.extend_high_i8x16_u (local.get $sa)))))
                        (v128.const i16x8 127 127 127 127 127 127 127 127)))
                    (i16x8.shr_u (local.get $x) (i32.const 8)))
                  (v128.const i16x8 1 1 1 1 1 1 1 1))
                (i32.const 8)))
            (v128.const i8x16 0 0 0 0xff 0 0 0 0xff 0 0 0 0xff 0 0 0 0xff)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $next))))

  ;; packRgb(src, dst, n): n RGBA pixels to RGB bytes, four at a time (reads up to 12 bytes past 4n, writes up
  ;; to 13 past 3n).
  (func (export "packRgb") (param $src i32) (param $dst i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (v128.store (local.get $dst)
          (i8x16.shuffle 0 1 2 4 5 6 8 9 10 12 13 14 0 0 0 0 (v128.load (local.get $src)) (v128.load (local.get $src))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 12)))
        (br $next)))))
