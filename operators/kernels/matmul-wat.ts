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

export const MATMUL_WAT = ATB + COLSUM;
