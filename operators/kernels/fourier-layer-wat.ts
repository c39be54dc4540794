/**
 * WebAssembly text of the pieces of the fused FNO Fourier layer (fourier-layer-kernel.ts) that
 * the dense-product and GELU modules (matmul-wat.ts, elementwise-wat.ts) do not already have:
 * the per-mode complex channel mixing on the layer's own spectrum layout, and a vector add.
 *
 * Spectrum layout, per sample: [B, re|im, m, C] (X) and [B, re|im, m, O] (Y), so that each
 * sample's truncated DFT is one row-major product F [2m, n] · x_b [n, C] with no transposes.
 * Weights Wr, Wi [m, C, O]; O a multiple of 4 (vectorised along the outputs). Per mode k:
 *   Yr = Xr·Wr − Xi·Wi,  Yi = Xr·Wi + Xi·Wr
 *   dXr = dYr·Wrᵀ + dYi·Wiᵀ,  dXi = dYi·Wrᵀ − dYr·Wiᵀ
 *   dWr = Σ_b Xrᵀ·dYr + Xiᵀ·dYi,  dWi = Σ_b Xrᵀ·dYi − Xiᵀ·dYr
 * (the formulas of mix-wat.ts, whose layout [m, B, re|im, C] needs transposes around the DFTs).
 */
import { forLoop } from "./fft-wat.js";

const g = (n: string): string => `(local.get ${n})`;
const mul = (a: string, b: string): string => `(f32x4.mul ${a} ${b})`;
const add = (a: string, b: string): string => `(f32x4.add ${a} ${b})`;
const sub = (a: string, b: string): string => `(f32x4.sub ${a} ${b})`;
const addr = (base: string, idx: string): string => `(i32.add ${g(base)} (i32.shl ${idx} (i32.const 2)))`;
const mulI = (...xs: string[]): string => xs.reduce((a, b) => `(i32.mul ${a} ${b})`);
const addI = (...xs: string[]): string => xs.reduce((a, b) => `(i32.add ${a} ${b})`);
const zero = "(f32x4.splat (f32.const 0))";
const hsum = (v: string): string =>
  `(f32.add (f32.add (f32x4.extract_lane 0 ${v}) (f32x4.extract_lane 1 ${v})) (f32.add (f32x4.extract_lane 2 ${v}) (f32x4.extract_lane 3 ${v})))`;

/** Float offset of the real row of (sample b, mode k) in a [B, 2, M, W] spectrum. */
const specRow = (W: string): string => mulI(addI(mulI(g("$b"), g("$M"), "(i32.const 2)"), g("$k")), g(W));
/** Offset of the imaginary row from the real one. */
const imOff = (W: string): string => mulI(g("$M"), g(W));

const PARAMS = "(param $M i32) (param $B i32) (param $C i32) (param $O i32)";

const FWD = `
(func $fmix (export "fmix") (param $X i32) (param $Wr i32) (param $Wi i32) (param $Y i32) ${PARAMS}
  (local $k i32) (local $b i32) (local $c i32) (local $o i32) (local $xr v128) (local $xi v128)
  (local $yr v128) (local $yi v128) (local $wr v128) (local $wi v128) (local $xrow i32) (local $wrow i32) (local $yrow i32)
  ${forLoop("$b", g("$B"), forLoop("$k", g("$M"), `
    (local.set $xrow ${specRow("$C")})
    (local.set $yrow ${specRow("$O")})
    ${forLoop("$o", g("$O"), `
      (local.set $yr ${zero})
      (local.set $yi ${zero})
      ${forLoop("$c", g("$C"), `
        (local.set $xr (v128.load32_splat ${addr("$X", addI(g("$xrow"), g("$c")))}))
        (local.set $xi (v128.load32_splat ${addr("$X", addI(g("$xrow"), imOff("$C"), g("$c")))}))
        (local.set $wrow ${addI(mulI(addI(mulI(g("$k"), g("$C")), g("$c")), g("$O")), g("$o"))})
        (local.set $wr (v128.load ${addr("$Wr", g("$wrow"))}))
        (local.set $wi (v128.load ${addr("$Wi", g("$wrow"))}))
        (local.set $yr ${sub(add(g("$yr"), mul(g("$xr"), g("$wr"))), mul(g("$xi"), g("$wi")))})
        (local.set $yi ${add(add(g("$yi"), mul(g("$xr"), g("$wi"))), mul(g("$xi"), g("$wr")))})`)}
      (v128.store ${addr("$Y", addI(g("$yrow"), g("$o")))} ${g("$yr")})
      (v128.store ${addr("$Y", addI(g("$yrow"), imOff("$O"), g("$o")))} ${g("$yi")})`, "(i32.const 4)")}`))})`;

const BWD_X = `
(func $fmix_dx (export "fmix_dx") (param $dY i32) (param $Wr i32) (param $Wi i32) (param $dX i32) ${PARAMS}
  (local $k i32) (local $b i32) (local $c i32) (local $o i32) (local $dyr v128) (local $dyi v128) (local $wr v128) (local $wi v128)
  (local $ar v128) (local $ai v128) (local $yrow i32) (local $xrow i32) (local $wrow i32)
  ${forLoop("$b", g("$B"), forLoop("$k", g("$M"), `
    (local.set $xrow ${specRow("$C")})
    (local.set $yrow ${specRow("$O")})
    ${forLoop("$c", g("$C"), `
      (local.set $ar ${zero})
      (local.set $ai ${zero})
      (local.set $wrow ${mulI(addI(mulI(g("$k"), g("$C")), g("$c")), g("$O"))})
      ${forLoop("$o", g("$O"), `
        (local.set $dyr (v128.load ${addr("$dY", addI(g("$yrow"), g("$o")))}))
        (local.set $dyi (v128.load ${addr("$dY", addI(g("$yrow"), imOff("$O"), g("$o")))}))
        (local.set $wr (v128.load ${addr("$Wr", addI(g("$wrow"), g("$o")))}))
        (local.set $wi (v128.load ${addr("$Wi", addI(g("$wrow"), g("$o")))}))
        (local.set $ar ${add(add(g("$ar"), mul(g("$dyr"), g("$wr"))), mul(g("$dyi"), g("$wi")))})
        (local.set $ai ${sub(add(g("$ai"), mul(g("$dyi"), g("$wr"))), mul(g("$dyr"), g("$wi")))})`, "(i32.const 4)")}
      (f32.store ${addr("$dX", addI(g("$xrow"), g("$c")))} ${hsum(g("$ar"))})
      (f32.store ${addr("$dX", addI(g("$xrow"), imOff("$C"), g("$c")))} ${hsum(g("$ai"))})`)}`))})`;

const BWD_W = `
(func $fmix_dw (export "fmix_dw") (param $X i32) (param $dY i32) (param $dWr i32) (param $dWi i32) ${PARAMS}
  (local $k i32) (local $b i32) (local $c i32) (local $o i32) (local $xr v128) (local $xi v128) (local $dyr v128) (local $dyi v128)
  (local $ar v128) (local $ai v128) (local $xrow i32) (local $yrow i32) (local $wrow i32)
  ${forLoop("$k", g("$M"), forLoop("$c", g("$C"), `
    (local.set $wrow ${mulI(addI(mulI(g("$k"), g("$C")), g("$c")), g("$O"))})
    ${forLoop("$o", g("$O"), `
      (local.set $ar ${zero})
      (local.set $ai ${zero})
      ${forLoop("$b", g("$B"), `
        (local.set $xrow ${specRow("$C")})
        (local.set $yrow ${specRow("$O")})
        (local.set $xr (v128.load32_splat ${addr("$X", addI(g("$xrow"), g("$c")))}))
        (local.set $xi (v128.load32_splat ${addr("$X", addI(g("$xrow"), imOff("$C"), g("$c")))}))
        (local.set $dyr (v128.load ${addr("$dY", addI(g("$yrow"), g("$o")))}))
        (local.set $dyi (v128.load ${addr("$dY", addI(g("$yrow"), imOff("$O"), g("$o")))}))
        (local.set $ar ${add(add(g("$ar"), mul(g("$xr"), g("$dyr"))), mul(g("$xi"), g("$dyi")))})
        (local.set $ai ${sub(add(g("$ai"), mul(g("$xr"), g("$dyi"))), mul(g("$xi"), g("$dyr")))})`)}
      (v128.store ${addr("$dWr", addI(g("$wrow"), g("$o")))} ${g("$ar")})
      (v128.store ${addr("$dWi", addI(g("$wrow"), g("$o")))} ${g("$ai")})`, "(i32.const 4)")}`))})`;

/** vadd: out = a + b over n floats (n a multiple of 4; out may be a or b). */
const VADD = `
(func $vadd (export "vadd") (param $a i32) (param $b i32) (param $out i32) (param $n i32) (local $i i32)
  ${forLoop(
    "$i",
    `(i32.shl ${g("$n")} (i32.const 2))`,
    `(v128.store (i32.add ${g("$out")} ${g("$i")}) ${add(`(v128.load (i32.add ${g("$a")} ${g("$i")}))`, `(v128.load (i32.add ${g("$b")} ${g("$i")}))`)})`,
    "(i32.const 16)",
  )})`;

export const FOURIER_WAT = FWD + BWD_X + BWD_W + VADD;
