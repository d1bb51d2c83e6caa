;; The PNG scanline encoder's hot loops, WebAssembly SIMD: `tokenize`, which finds runs and counts symbol
;; frequencies; `encode`, which writes them with a block's Huffman codes; the row filters, 16 bytes at a time;
;; `adlerSums`, the checksum's sums 16 bytes at a time. Everything per block around them (building codes,
;; headers) is in scanline-encoder.mjs.
;;
;; The fixed areas of the memory ({STATE}, {LIT}, ...) are numbers from scanline-memory.mjs, the one place that
;; lays them out; the rows and the deflated output are after {DYNAMIC}, laid out by scanline-encoder.mjs.
;; Assembled by scripts/build-wasm.mjs into scanline-kernels.wasm (committed; wasm-build.test.ts checks that it
;; is this source's assembly byte for byte). Loads and stores name no alignment: addresses are any byte.
(module
  (memory (export "memory") {INITIAL_PAGES})

  ;; tokenize(inp, n, i, limit) -> the position reached: runs of one byte (matches at distance 1, at least 4
  ;; bytes after the byte they repeat) among literals, from position i until position `limit` is passed,
  ;; MAX_RECORDS - 1 runs are found, or the input's last 16 bytes are reached (those end it as literals). Runs
  ;; are found 16 bytes at a time: each byte compared with the one before it in one SIMD compare. Filtered
  ;; scanlines repeat mostly as runs (flat areas filter to zeros), and a hash table's other matches cost more
  ;; time than they save bytes here (see docs/PERFORMANCE.md). Each run is a record at {RECORDS} of the
  ;; literals before it and itself; a last record (run 0) holds the literals after the last run. The record
  ;; count goes to {STATE}; the frequencies at {LIT_FREQ} and {DIST_FREQ} add up.
  ;;
  ;; A literal is counted in table i & 3 of the four at {LIT_FREQ} ({LIT_FREQ_TABLE_BYTES} = 1 << 11 bytes
  ;; apart), so that neighbouring bytes do not wait on each other's count; scanline-encoder.mjs adds them up.
  (func (export "tokenize") (param $inp i32) (param $n i32) (param $i i32) (param $limit i32) (result i32)
    (local $end i32) (local $rec i32) (local $recEnd i32) (local $mask i32) (local $differs i32) (local $len i32)
    (local $max i32) (local $litStart i32) (local $p i32) (local $byte i32) (local $byteX16 v128) (local $at i32)
    (local $address i32) (local $count i32)
    (local.set $end (i32.sub (local.get $n) (i32.const 16)))
    (local.set $limit (select (local.get $limit) (local.get $end) (i32.le_s (local.get $limit) (local.get $end))))
    (local.set $rec (i32.const {RECORDS}))
    (local.set $recEnd (i32.const {LAST_RECORD}))
    (local.set $litStart (local.get $i))
    ;; The stream's first byte has none before it: a literal.
    (if (i32.and (i32.eqz (local.get $i)) (i32.gt_s (local.get $n) (i32.const 0)))
      (then
        (local.set $at (i32.add (local.get $inp) (local.get $i)))
        (local.set $address
          (i32.add (i32.shl (i32.load8_u (local.get $at)) (i32.const 2)) (i32.shl (i32.and (local.get $i) (i32.const 3)) (i32.const 11))))
        (local.set $count (i32.add (i32.load offset={LIT_FREQ} (local.get $address)) (i32.const 1)))
        (i32.store offset={LIT_FREQ} (local.get $address) (local.get $count))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))))
    (block $done
      (loop $scan
        (br_if $done (i32.gt_s (local.get $i) (local.get $limit)))
        (br_if $done (i32.ge_u (local.get $rec) (local.get $recEnd)))
        ;; Bit k: byte i+k equals the byte before it.
        (local.set $mask
          (i8x16.bitmask
            (i8x16.eq
              (v128.load (local.tee $at (i32.add (local.get $inp) (local.get $i))))
              (v128.load (i32.sub (local.get $at) (i32.const 1))))))
        ;; Bit k: bytes i+k .. i+k+3 each equal the byte before, a run of at least 4 starts at i + k (k <= 12).
        (local.set $mask
          (i32.and
            (i32.and
              (i32.and
                (i32.and (local.get $mask) (i32.shr_u (local.get $mask) (i32.const 1)))
                (i32.shr_u (local.get $mask) (i32.const 2)))
              (i32.shr_u (local.get $mask) (i32.const 3)))
            (i32.const 0x1fff)))
        (if (i32.eqz (local.get $mask))
          (then
            ;; No run: thirteen literals, each counted in a table other than its neighbours'.
            (i32.store offset={LIT_FREQ} (local.tee $address (i32.shl (i32.load8_u (local.get $at)) (i32.const 2)))
              (i32.add (i32.load offset={LIT_FREQ} (local.get $address)) (i32.const 1)))
            (i32.store offset={LIT_FREQ+2048} (local.tee $address (i32.shl (i32.load8_u offset=1 (local.get $at)) (i32.const 2)))
              (i32.add (i32.load offset={LIT_FREQ+2048} (local.get $address)) (i32.const 1)))
            (i32.store offset={LIT_FREQ+4096} (local.tee $address (i32.shl (i32.load8_u offset=2 (local.get $at)) (i32.const 2)))
              (i32.add (i32.load offset={LIT_FREQ+4096} (local.get $address)) (i32.const 1)))
            (i32.store offset={LIT_FREQ+6144} (local.tee $address (i32.shl (i32.load8_u offset=3 (local.get $at)) (i32.const 2)))
              (i32.add (i32.load offset={LIT_FREQ+6144} (local.get $address)) (i32.const 1)))
            (i32.store offset={LIT_FREQ} (local.tee $address (i32.shl (i32.load8_u offset=4 (local.get $at)) (i32.const 2)))
              (i32.add (i32.load offset={LIT_FREQ} (local.get $address)) (i32.const 1)))
            (i32.store offset={LIT_FREQ+2048} (local.tee $address (i32.shl (i32.load8_u offset=5 (local.get $at)) (i32.const 2)))
              (i32.add (i32.load offset={LIT_FREQ+2048} (local.get $address)) (i32.const 1)))
            (i32.store offset={LIT_FREQ+4096} (local.tee $address (i32.shl (i32.load8_u offset=6 (local.get $at)) (i32.const 2)))
              (i32.add (i32.load offset={LIT_FREQ+4096} (local.get $address)) (i32.const 1)))
            (i32.store offset={LIT_FREQ+6144} (local.tee $address (i32.shl (i32.load8_u offset=7 (local.get $at)) (i32.const 2)))
              (i32.add (i32.load offset={LIT_FREQ+6144} (local.get $address)) (i32.const 1)))
            (i32.store offset={LIT_FREQ} (local.tee $address (i32.shl (i32.load8_u offset=8 (local.get $at)) (i32.const 2)))
              (i32.add (i32.load offset={LIT_FREQ} (local.get $address)) (i32.const 1)))
            (i32.store offset={LIT_FREQ+2048} (local.tee $address (i32.shl (i32.load8_u offset=9 (local.get $at)) (i32.const 2)))
              (i32.add (i32.load offset={LIT_FREQ+2048} (local.get $address)) (i32.const 1)))
            (i32.store offset={LIT_FREQ+4096} (local.tee $address (i32.shl (i32.load8_u offset=10 (local.get $at)) (i32.const 2)))
              (i32.add (i32.load offset={LIT_FREQ+4096} (local.get $address)) (i32.const 1)))
            (i32.store offset={LIT_FREQ+6144} (local.tee $address (i32.shl (i32.load8_u offset=11 (local.get $at)) (i32.const 2)))
              (i32.add (i32.load offset={LIT_FREQ+6144} (local.get $address)) (i32.const 1)))
            (i32.store offset={LIT_FREQ+2048} (local.tee $address (i32.shl (i32.load8_u offset=12 (local.get $at)) (i32.const 2)))
              (i32.add (i32.load offset={LIT_FREQ+2048} (local.get $address)) (i32.const 1)))
            (local.set $i (i32.add (local.get $i) (i32.const 13)))
            (br $scan)))
        ;; The literals before the run, one at a time.
        (local.set $p (i32.add (i32.ctz (local.get $mask)) (local.get $i)))
        (block $literalsDone
          (loop $literal
            (br_if $literalsDone (i32.ge_u (local.get $i) (local.get $p)))
            (local.set $at (i32.add (local.get $inp) (local.get $i)))
            (local.set $address
              (i32.add (i32.shl (i32.load8_u (local.get $at)) (i32.const 2)) (i32.shl (i32.and (local.get $i) (i32.const 3)) (i32.const 11))))
            (local.set $count (i32.add (i32.load offset={LIT_FREQ} (local.get $address)) (i32.const 1)))
            (i32.store offset={LIT_FREQ} (local.get $address) (local.get $count))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $literal)))
        ;; The run from p: max = min(MAX_MATCH, n - p); extend it 16 bytes at a time, then byte by byte.
        (local.set $byteX16
          (i8x16.splat (local.tee $byte (i32.load8_u (i32.sub (i32.add (local.get $inp) (local.get $p)) (i32.const 1))))))
        (local.set $max
          (select (i32.const {MAX_MATCH}) (i32.sub (local.get $n) (local.get $p))
            (i32.gt_u (i32.sub (local.get $n) (local.get $p)) (i32.const {MAX_MATCH}))))
        (local.set $len (i32.const 4))
        (block $by16Done
          (loop $by16
            (br_if $by16Done (i32.gt_u (i32.add (local.get $len) (i32.const 16)) (local.get $max)))
            (if (local.tee $differs
                  (i32.xor
                    (i8x16.bitmask
                      (i8x16.eq (v128.load (i32.add (i32.add (local.get $inp) (local.get $p)) (local.get $len))) (local.get $byteX16)))
                    (i32.const 0xffff)))
              (then
                (local.set $len (i32.add (local.get $len) (i32.ctz (local.get $differs))))
                (br $by16Done)))
            (local.set $len (i32.add (local.get $len) (i32.const 16)))
            (br $by16)))
        (block $byByteDone
          (loop $byByte
            (br_if $byByteDone (i32.ge_u (local.get $len) (local.get $max)))
            (br_if $byByteDone
              (i32.ne (i32.load8_u (i32.add (i32.add (local.get $inp) (local.get $p)) (local.get $len))) (local.get $byte)))
            (local.set $len (i32.add (local.get $len) (i32.const 1)))
            (br $byByte)))
        ;; The record: the literals before the run, then the run (length << 16 | distance 1).
        (i32.store (local.get $rec) (i32.sub (local.get $p) (local.get $litStart)))
        (i32.store offset=4 (local.get $rec) (i32.or (i32.shl (local.get $len) (i32.const 16)) (i32.const 1)))
        (local.set $rec (i32.add (local.get $rec) (i32.const 8)))
        ;; Count its length symbol, and distance code 0 (distance 1).
        (i32.store
          (i32.add (i32.shl (i32.load16_u offset={LENGTH_SYMBOL} (i32.shl (local.get $len) (i32.const 1))) (i32.const 2)) (i32.const {LIT_FREQ}))
          (i32.add
            (i32.load
              (i32.add (i32.shl (i32.load16_u offset={LENGTH_SYMBOL} (i32.shl (local.get $len) (i32.const 1))) (i32.const 2)) (i32.const {LIT_FREQ})))
            (i32.const 1)))
        (i32.store (i32.const {DIST_FREQ}) (i32.add (i32.load (i32.const {DIST_FREQ})) (i32.const 1)))
        (local.set $litStart (local.tee $i (i32.add (local.get $p) (local.get $len))))
        (br $scan)))
    ;; The input's last bytes are literals.
    (if (i32.gt_s (local.get $i) (local.get $end))
      (then
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_s (local.get $i) (local.get $n)))
            (local.set $at (i32.add (local.get $inp) (local.get $i)))
            (local.set $address
              (i32.add (i32.shl (i32.load8_u (local.get $at)) (i32.const 2)) (i32.shl (i32.and (local.get $i) (i32.const 3)) (i32.const 11))))
            (local.set $count (i32.add (i32.load offset={LIT_FREQ} (local.get $address)) (i32.const 1)))
            (i32.store offset={LIT_FREQ} (local.get $address) (local.get $count))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $tail)))))
    (i32.store (local.get $rec) (i32.sub (local.get $i) (local.get $litStart)))
    (i32.store offset=4 (local.get $rec) (i32.const 0))
    (i32.store (i32.const {STATE}) (i32.shr_u (i32.sub (local.get $rec) (i32.const {RECORDS-8})) (i32.const 3)))
    (local.get $i))

  ;; encode(q, rec, recEnd, out, bitsIn, countIn) -> the output position reached: writes the records in
  ;; [rec, recEnd), their literals read from address q on, with the codes at {LIT}, {LENGTH} and {DIST}, after
  ;; `countIn` (< 8) pending bits `bitsIn`, through a 64-bit buffer flushed a whole byte at a time; leaves fewer
  ;; than 8 bits pending, at {STATE+8} (the bits) and {STATE+12} (their count). Writes up to 8 bytes past the
  ;; position returned.
  ;;
  ;; A flush stores all 8 bytes of the buffer, moves `out` on by the whole ones and keeps the rest pending (no
  ;; branch). With fewer than 8 bits pending, three literal codes of at most 15 bits fit before the next one.
  (func (export "encode")
    (param $q i32) (param $rec i32) (param $recEnd i32) (param $out i32) (param $bitsIn i32) (param $countIn i32)
    (result i32)
    (local $bits i64) (local $count i64) (local $litEnd i32) (local $entry i32) (local $match i32) (local $dist i32)
    (local $distCode4 i32)
    (local.set $bits (i64.extend_i32_u (local.get $bitsIn)))
    (local.set $count (i64.extend_i32_u (local.get $countIn)))
    (block $done
      (loop $record
        (br_if $done (i32.ge_u (local.get $rec) (local.get $recEnd)))
        (local.set $litEnd (i32.add (i32.load (local.get $rec)) (local.get $q)))
        ;; The literals, three per flush.
        (block $byThreeDone
          (loop $byThree
            (br_if $byThreeDone (i32.ge_u (i32.add (local.get $q) (i32.const 2)) (local.get $litEnd)))
            (local.set $entry (i32.shl (i32.load8_u (local.get $q)) (i32.const 4)))
            (local.set $bits (i64.or (local.get $bits) (i64.shl (i64.load offset={LIT} (local.get $entry)) (local.get $count))))
            (local.set $count (i64.add (local.get $count) (i64.load offset={LIT+8} (local.get $entry))))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (local.set $entry (i32.shl (i32.load8_u (local.get $q)) (i32.const 4)))
            (local.set $bits (i64.or (local.get $bits) (i64.shl (i64.load offset={LIT} (local.get $entry)) (local.get $count))))
            (local.set $count (i64.add (local.get $count) (i64.load offset={LIT+8} (local.get $entry))))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (local.set $entry (i32.shl (i32.load8_u (local.get $q)) (i32.const 4)))
            (local.set $bits (i64.or (local.get $bits) (i64.shl (i64.load offset={LIT} (local.get $entry)) (local.get $count))))
            (local.set $count (i64.add (local.get $count) (i64.load offset={LIT+8} (local.get $entry))))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (i64.store (local.get $out) (local.get $bits))
            (local.set $out (i32.add (local.get $out) (i32.shr_u (i32.wrap_i64 (local.get $count)) (i32.const 3))))
            (local.set $bits (i64.shr_u (local.get $bits) (i64.and (local.get $count) (i64.const 56))))
            (local.set $count (i64.and (local.get $count) (i64.const 7)))
            (br $byThree)))
        ;; The last one or two, one per flush.
        (block $literalsDone
          (loop $literal
            (br_if $literalsDone (i32.ge_u (local.get $q) (local.get $litEnd)))
            (local.set $entry (i32.shl (i32.load8_u (local.get $q)) (i32.const 4)))
            (local.set $bits (i64.or (local.get $bits) (i64.shl (i64.load offset={LIT} (local.get $entry)) (local.get $count))))
            (local.set $count (i64.add (local.get $count) (i64.load offset={LIT+8} (local.get $entry))))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (i64.store (local.get $out) (local.get $bits))
            (local.set $out (i32.add (local.get $out) (i32.shr_u (i32.wrap_i64 (local.get $count)) (i32.const 3))))
            (local.set $bits (i64.shr_u (local.get $bits) (i64.and (local.get $count) (i64.const 56))))
            (local.set $count (i64.and (local.get $count) (i64.const 7)))
            (br $literal)))
        (local.set $match (i32.load offset=4 (local.get $rec)))
        (if (local.get $match)
          (then
            ;; A match: its length code and extra bits (at most 20), then its distance code and extra bits (at
            ;; most 28).
            (local.set $entry (i32.load offset={LENGTH} (i32.shl (i32.shr_u (local.get $match) (i32.const 16)) (i32.const 2))))
            (local.set $bits
              (i64.or (local.get $bits)
                (i64.shl (i64.extend_i32_u (i32.and (local.get $entry) (i32.const 0xffffff))) (local.get $count))))
            (local.set $count (i64.add (local.get $count) (i64.extend_i32_u (i32.shr_u (local.get $entry) (i32.const 24)))))
            (local.set $dist (i32.and (local.get $match) (i32.const 0xffff)))
            ;; The distance code (times 4, a table index), from the table of small or of large distances.
            (local.set $distCode4
              (i32.shl
                (select
                  (i32.load8_u offset={DIST_SMALL-1} (local.get $dist))
                  (i32.load8_u offset={DIST_LARGE} (i32.shr_u (i32.sub (local.get $dist) (i32.const 1)) (i32.const 7)))
                  (i32.le_u (local.get $dist) (i32.const 256)))
                (i32.const 2)))
            (local.set $entry (i32.load offset={DIST} (local.get $distCode4)))
            (local.set $bits
              (i64.or (local.get $bits)
                (i64.shl
                  (i64.extend_i32_u
                    (i32.or
                      (i32.and (local.get $entry) (i32.const 0xffff))
                      (i32.shl
                        (i32.sub (local.get $dist) (i32.load offset={DIST_BASE} (local.get $distCode4)))
                        (i32.and (i32.shr_u (local.get $entry) (i32.const 16)) (i32.const 255)))))
                  (local.get $count))))
            (local.set $count
              (i64.add (local.get $count)
                (i64.extend_i32_u
                  (i32.add (i32.and (i32.shr_u (local.get $entry) (i32.const 16)) (i32.const 255)) (i32.shr_u (local.get $entry) (i32.const 24))))))
            (i64.store (local.get $out) (local.get $bits))
            (local.set $out (i32.add (local.get $out) (i32.shr_u (i32.wrap_i64 (local.get $count)) (i32.const 3))))
            (local.set $bits (i64.shr_u (local.get $bits) (i64.and (local.get $count) (i64.const 56))))
            (local.set $count (i64.and (local.get $count) (i64.const 7)))
            (local.set $q (i32.add (local.get $q) (i32.shr_u (local.get $match) (i32.const 16))))))
        (local.set $rec (i32.add (local.get $rec) (i32.const 8)))
        (br $record)))
    (i32.store (i32.const {STATE+8}) (i32.wrap_i64 (local.get $bits)))
    (i32.store (i32.const {STATE+12}) (i32.wrap_i64 (local.get $count)))
    (local.get $out))

  ;; The row filters: filterX(cur, prev, out, n, bpp) writes the n filtered bytes of raw row `cur` (the raw row
  ;; before it at `prev`, its left neighbours at cur - bpp) to `out`, 16 at a time (reading and writing up to 15
  ;; bytes past n).
  (func (export "filterSub") (param $cur i32) (param $prev i32) (param $out i32) (param $n i32) (param $bpp i32)
    (local $end i32) (local $left i32)
    (local.set $end (i32.add (local.get $out) (local.get $n)))
    (local.set $left (i32.sub (local.get $cur) (local.get $bpp)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (v128.store (local.get $out) (i8x16.sub (v128.load (local.get $cur)) (v128.load (local.get $left))))
        (local.set $cur (i32.add (local.get $cur) (i32.const 16)))
        (local.set $prev (i32.add (local.get $prev) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $left (i32.add (local.get $left) (i32.const 16)))
        (br $next))))

  (func (export "filterUp") (param $cur i32) (param $prev i32) (param $out i32) (param $n i32) (param $bpp i32)
    (local $end i32) (local $left i32)
    (local.set $end (i32.add (local.get $out) (local.get $n)))
    (local.set $left (i32.sub (local.get $cur) (local.get $bpp)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (v128.store (local.get $out) (i8x16.sub (v128.load (local.get $cur)) (v128.load (local.get $prev))))
        (local.set $cur (i32.add (local.get $cur) (i32.const 16)))
        (local.set $prev (i32.add (local.get $prev) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $left (i32.add (local.get $left) (i32.const 16)))
        (br $next))))

  ;; Average predicts floor((left + up) / 2): the rounding-up average, less 1 where left + up is odd.
  (func (export "filterAverage") (param $cur i32) (param $prev i32) (param $out i32) (param $n i32) (param $bpp i32)
    (local $end i32) (local $left i32)
    (local.set $end (i32.add (local.get $out) (local.get $n)))
    (local.set $left (i32.sub (local.get $cur) (local.get $bpp)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (v128.store (local.get $out)
          (i8x16.sub
            (v128.load (local.get $cur))
            (i8x16.sub
              (i8x16.avgr_u (v128.load (local.get $left)) (v128.load (local.get $prev)))
              (v128.and
                (v128.xor (v128.load (local.get $left)) (v128.load (local.get $prev)))
                (i8x16.splat (i32.const 1))))))
        (local.set $cur (i32.add (local.get $cur) (i32.const 16)))
        (local.set $prev (i32.add (local.get $prev) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $left (i32.add (local.get $left) (i32.const 16)))
        (br $next))))

  ;; adlerSums(p, k): for the 16k bytes at p, with a and b the Adler-32 sums so far (a0, b0), the terms that
  ;; add to them: {STATE+16}: S, the sum of the bytes; {STATE+20}: P, the sum of the bytes, each times 16 per
  ;; chunk of 16 after its own; {STATE+24}: D, the sum of the bytes times their weight 16..1 within their chunk.
  ;; Then a = a0 + S, b = b0 + 16k * a0 + 16 * P + D (scanline-encoder.mjs takes them modulo 65521). k <= 347
  ;; keeps every lane below 2^31.
  (func (export "adlerSums") (param $p i32) (param $k i32)
    (local $end i32) (local $v v128) (local $sums v128) (local $prefix v128) (local $dot v128)
    (local.set $end (i32.add (i32.shl (local.get $k) (i32.const 4)) (local.get $p)))
    (block $done
      (loop $chunk
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $v (v128.load (local.get $p)))
        ;; The sums of the earlier chunks, added up once per chunk.
        (local.set $prefix (i32x4.add (local.get $prefix) (local.get $sums)))
        (local.set $sums
          (i32x4.add (local.get $sums) (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $v)))))
        (local.set $dot
          (i32x4.add
            (i32x4.add
              (local.get $dot)
              (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_u (local.get $v)) (v128.const i16x8 16 15 14 13 12 11 10 9)))
            (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_u (local.get $v)) (v128.const i16x8 8 7 6 5 4 3 2 1))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $chunk)))
    (i32.store (i32.const {STATE+16})
      (i32.add
        (i32.add
          (i32.add (i32x4.extract_lane 0 (local.get $sums)) (i32x4.extract_lane 1 (local.get $sums)))
          (i32x4.extract_lane 2 (local.get $sums)))
        (i32x4.extract_lane 3 (local.get $sums))))
    (i32.store (i32.const {STATE+20})
      (i32.add
        (i32.add
          (i32.add (i32x4.extract_lane 0 (local.get $prefix)) (i32x4.extract_lane 1 (local.get $prefix)))
          (i32x4.extract_lane 2 (local.get $prefix)))
        (i32x4.extract_lane 3 (local.get $prefix))))
    (i32.store (i32.const {STATE+24})
      (i32.add
        (i32.add
          (i32.add (i32x4.extract_lane 0 (local.get $dot)) (i32x4.extract_lane 1 (local.get $dot)))
          (i32x4.extract_lane 2 (local.get $dot)))
        (i32x4.extract_lane 3 (local.get $dot))))))
