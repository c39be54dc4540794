/**
 * WebAssembly text of the weight-gradient products of a dense layer, C = Pᵀ·Q summed over many
 * rows (dW = xᵀ·dy), and column sums (db). tfjs-wasm runs only the untransposed 2-D matMul
 * through XNNPACK; these reductions over the long row axis would otherwise need a transpose of
 * the activations and a repacking per call (operators/fno/fast-matmul.ts).
 *
 * atb: C[a, b] = Σ_r P[r, a]·Q[r, b], a < A, b < Bp; P has row stride A floats, Q row stride
 * Bp (a multiple of 8). Register block: 4 values of a × 8 of b (8 f32x4 accumulators). Rows of
 * C from A up to the next multiple of 4 are written too (the caller's C has room): they read
 * past the end of a row of P, which is harmless for reads.
 * colsum: S[b] = Σ_r Q[r, b] for b < B4 (a multiple of 4), row stride `stride` floats.
 */
import { forLoop } from "./fft-wat.js";

const g = (n: string): string => `(local.get ${n})`;
const ACC = Array.from({ length: 8 }, (_, i) => `$c${i}`);

const ATB = `
(func $atb (export "atb") (param $P i32) (param $A i32) (param $Q i32) (param $Bp i32) (param $R i32) (param $C i32)
  (local $a i32) (local $b i32) (local $r i32) (local $pp i32) (local $qq i32) (local $ps i32) (local $qs i32) (local $o i32)
  (local $q0 v128) (local $q1 v128) (local $p v128) ${ACC.map((c) => `(local ${c} v128)`).join(" ")}
  (local.set $ps (i32.shl ${g("$A")} (i32.const 2)))
  (local.set $qs (i32.shl ${g("$Bp")} (i32.const 2)))
  ${forLoop(
    "$a",
    g("$A"),
    forLoop(
      "$b",
      g("$Bp"),
      `${ACC.map((c) => `(local.set ${c} (f32x4.splat (f32.const 0)))`).join("\n")}
       (local.set $pp (i32.add ${g("$P")} (i32.shl ${g("$a")} (i32.const 2))))
       (local.set $qq (i32.add ${g("$Q")} (i32.shl ${g("$b")} (i32.const 2))))
       ${forLoop(
         "$r",
         g("$R"),
         `(local.set $q0 (v128.load ${g("$qq")}))
          (local.set $q1 (v128.load offset=16 ${g("$qq")}))
          ${[0, 1, 2, 3]
            .map(
              (i) => `(local.set $p (v128.load32_splat offset=${4 * i} ${g("$pp")}))
          (local.set $c${2 * i} (f32x4.add ${g(`$c${2 * i}`)} (f32x4.mul ${g("$p")} ${g("$q0")})))
          (local.set $c${2 * i + 1} (f32x4.add ${g(`$c${2 * i + 1}`)} (f32x4.mul ${g("$p")} ${g("$q1")})))`,
            )
            .join("\n")}
          (local.set $pp (i32.add ${g("$pp")} ${g("$ps")}))
          (local.set $qq (i32.add ${g("$qq")} ${g("$qs")}))`,
       )}
       (local.set $o (i32.add ${g("$C")} (i32.shl (i32.add (i32.mul ${g("$a")} ${g("$Bp")}) ${g("$b")}) (i32.const 2))))
       ${[0, 1, 2, 3]
         .map(
           (i) => `(v128.store offset=${i === 0 ? 0 : 0} (i32.add ${g("$o")} (i32.mul (i32.const ${i}) ${g("$qs")})) ${g(`$c${2 * i}`)})
       (v128.store offset=16 (i32.add ${g("$o")} (i32.mul (i32.const ${i}) ${g("$qs")})) ${g(`$c${2 * i + 1}`)})`,
         )
         .join("\n")}`,
      "(i32.const 8)",
    ),
    "(i32.const 4)",
  )})`;

const COLSUM = `
(func $colsum (export "colsum") (param $Q i32) (param $stride i32) (param $B4 i32) (param $R i32) (param $S i32)
  (local $b i32) (local $r i32) (local $qq i32) (local $acc v128) (local $st i32)
  (local.set $st (i32.shl ${g("$stride")} (i32.const 2)))
  ${forLoop(
    "$b",
    g("$B4"),
    `(local.set $acc (f32x4.splat (f32.const 0)))
     (local.set $qq (i32.add ${g("$Q")} (i32.shl ${g("$b")} (i32.const 2))))
     ${forLoop("$r", g("$R"), `(local.set $acc (f32x4.add ${g("$acc")} (v128.load ${g("$qq")}))) (local.set $qq (i32.add ${g("$qq")} ${g("$st")}))`)}
     (v128.store (i32.add ${g("$S")} (i32.shl ${g("$b")} (i32.const 2))) ${g("$acc")})`,
    "(i32.const 4)",
  )})`;

/**
 * ab: C[r, j] = Σ_k A[r, k]·B[k, j] (+ bias[j] when $bias ≠ 0) for r < R, j < Np; A row stride
 * K, B and C row stride Np (a multiple of 8). Register block `rows` (4, or 1 for the last rows)
 * × 8 columns; B is read as it is (no packing, which is what a per-step weight would cost
 * XNNPACK every step).
 */
const ab = (rows: number): string => {
  const acc = Array.from({ length: 2 * rows }, (_, i) => `$c${i}`);
  return `
(func $ab${rows} (export "ab${rows}") (param $A i32) (param $K i32) (param $Bm i32) (param $Np i32) (param $R i32) (param $C i32) (param $bias i32) (param $r0 i32)
  (local $r i32) (local $j i32) (local $k i32) (local $pa i32) (local $pb i32) (local $as i32) (local $bs i32) (local $o i32)
  (local $b0 v128) (local $b1 v128) (local $a v128) ${acc.map((c) => `(local ${c} v128)`).join(" ")}
  (local.set $as (i32.shl ${g("$K")} (i32.const 2)))
  (local.set $bs (i32.shl ${g("$Np")} (i32.const 2)))
  (local.set $r ${g("$r0")})
  (block $br (loop $lr
    (br_if $br (i32.gt_u (i32.add ${g("$r")} (i32.const ${rows})) ${g("$R")}))
    ${forLoop(
      "$j",
      g("$Np"),
      `(if (i32.eqz ${g("$bias")})
         (then ${acc.map((c) => `(local.set ${c} (f32x4.splat (f32.const 0)))`).join(" ")})
         (else ${acc.map((c, i) => `(local.set ${c} (v128.load offset=${16 * (i % 2)} (i32.add ${g("$bias")} (i32.shl ${g("$j")} (i32.const 2)))))`).join(" ")}))
       (local.set $pa (i32.add ${g("$A")} (i32.mul ${g("$r")} ${g("$as")})))
       (local.set $pb (i32.add ${g("$Bm")} (i32.shl ${g("$j")} (i32.const 2))))
       ${forLoop(
         "$k",
         g("$K"),
         `(local.set $b0 (v128.load ${g("$pb")}))
          (local.set $b1 (v128.load offset=16 ${g("$pb")}))
          ${Array.from({ length: rows }, (_, i) => `(local.set $a (v128.load32_splat (i32.add ${g("$pa")} (i32.mul (i32.const ${i}) ${g("$as")}))))
          (local.set $c${2 * i} (f32x4.add ${g(`$c${2 * i}`)} (f32x4.mul ${g("$a")} ${g("$b0")})))
          (local.set $c${2 * i + 1} (f32x4.add ${g(`$c${2 * i + 1}`)} (f32x4.mul ${g("$a")} ${g("$b1")})))`).join("\n")}
          (local.set $pa (i32.add ${g("$pa")} (i32.const 4)))
          (local.set $pb (i32.add ${g("$pb")} ${g("$bs")}))`,
       )}
       (local.set $o (i32.add ${g("$C")} (i32.shl (i32.add (i32.mul ${g("$r")} ${g("$Np")}) ${g("$j")}) (i32.const 2))))
       ${Array.from({ length: rows }, (_, i) => `(v128.store (i32.add ${g("$o")} (i32.mul (i32.const ${i}) ${g("$bs")})) ${g(`$c${2 * i}`)})
       (v128.store offset=16 (i32.add ${g("$o")} (i32.mul (i32.const ${i}) ${g("$bs")})) ${g(`$c${2 * i + 1}`)})`).join("\n")}`,
      "(i32.const 8)",
    )}
    (local.set $r (i32.add ${g("$r")} (i32.const ${rows})))
    (br $lr))))`;
};

/**
 * Narrow outputs (N < 8, e.g. a projection to one channel), where the 8-wide column block would
 * waste most of its work; K a multiple of 4, vectorised along K:
 * dotrows: C[r, n] = Σ_k A[r, k]·Bt[n, k] (+ bias[n] when $bias ≠ 0), Bt = Bᵀ [N, K];
 * xtdy: S[n, k] = Σ_r X[r, k]·dY[r, n] (dWᵀ), accumulated in S (N·K floats, zeroed here) while
 * the rows of X stream past once.
 */
const hsum = (v: string): string =>
  `(f32.add (f32.add (f32x4.extract_lane 0 ${v}) (f32x4.extract_lane 1 ${v})) (f32.add (f32x4.extract_lane 2 ${v}) (f32x4.extract_lane 3 ${v})))`;
const DOTROWS = `
(func $dotrows (export "dotrows") (param $A i32) (param $K i32) (param $Bt i32) (param $N i32) (param $R i32) (param $C i32) (param $bias i32)
  (local $r i32) (local $n i32) (local $k i32) (local $pa i32) (local $pb i32) (local $acc v128) (local $s f32)
  ${forLoop(
    "$r",
    g("$R"),
    forLoop(
      "$n",
      g("$N"),
      `(local.set $acc (f32x4.splat (f32.const 0)))
       (local.set $pa (i32.add ${g("$A")} (i32.shl (i32.mul ${g("$r")} ${g("$K")}) (i32.const 2))))
       (local.set $pb (i32.add ${g("$Bt")} (i32.shl (i32.mul ${g("$n")} ${g("$K")}) (i32.const 2))))
       ${forLoop(
         "$k",
         g("$K"),
         `(local.set $acc (f32x4.add ${g("$acc")} (f32x4.mul (v128.load (i32.add ${g("$pa")} (i32.shl ${g("$k")} (i32.const 2)))) (v128.load (i32.add ${g("$pb")} (i32.shl ${g("$k")} (i32.const 2)))))))`,
         "(i32.const 4)",
       )}
       (local.set $s ${hsum(g("$acc"))})
       (if (i32.ne ${g("$bias")} (i32.const 0)) (then (local.set $s (f32.add ${g("$s")} (f32.load (i32.add ${g("$bias")} (i32.shl ${g("$n")} (i32.const 2))))))))
       (f32.store (i32.add ${g("$C")} (i32.shl (i32.add (i32.mul ${g("$r")} ${g("$N")}) ${g("$n")}) (i32.const 2))) ${g("$s")})`,
    ),
  )})`;

const XTDY = `
(func $xtdy (export "xtdy") (param $X i32) (param $K i32) (param $dY i32) (param $N i32) (param $R i32) (param $S i32)
  (local $r i32) (local $n i32) (local $k i32) (local $px i32) (local $ps i32) (local $d v128)
  ${forLoop("$k", `(i32.shl (i32.mul ${g("$N")} ${g("$K")}) (i32.const 2))`, `(v128.store (i32.add ${g("$S")} ${g("$k")}) (f32x4.splat (f32.const 0)))`, "(i32.const 16)")}
  ${forLoop(
    "$r",
    g("$R"),
    forLoop(
      "$n",
      g("$N"),
      `(local.set $d (v128.load32_splat (i32.add ${g("$dY")} (i32.shl (i32.add (i32.mul ${g("$r")} ${g("$N")}) ${g("$n")}) (i32.const 2)))))
       (local.set $px (i32.add ${g("$X")} (i32.shl (i32.mul ${g("$r")} ${g("$K")}) (i32.const 2))))
       (local.set $ps (i32.add ${g("$S")} (i32.shl (i32.mul ${g("$n")} ${g("$K")}) (i32.const 2))))
       ${forLoop(
         "$k",
         `(i32.shl ${g("$K")} (i32.const 2))`,
         `(v128.store (i32.add ${g("$ps")} ${g("$k")}) (f32x4.add (v128.load (i32.add ${g("$ps")} ${g("$k")})) (f32x4.mul (v128.load (i32.add ${g("$px")} ${g("$k")})) ${g("$d")})))`,
         "(i32.const 16)",
       )}`,
    ),
  )})`;

export const MATMUL_WAT = ATB + COLSUM + ab(4) + ab(1) + DOTROWS + XTDY;
