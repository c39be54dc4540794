/**
 * WebAssembly text of the FNO per-mode complex channel mixing and its gradients
 * (spectral-mix.ts). Layouts: X [M, B, 2C] (real parts of the C channels, then imaginary),
 * Wr, Wi [M, C, O], Y [M, B, 2O]; O a multiple of 4 (vectorised along the outputs).
 *   Yr = Xr·Wr − Xi·Wi,  Yi = Xr·Wi + Xi·Wr                       (per mode, per sample)
 *   dXr = dYr·Wrᵀ + dYi·Wiᵀ,  dXi = dYi·Wrᵀ − dYr·Wiᵀ
 *   dWr = Σ_b Xrᵀ·dYr + Xiᵀ·dYi,  dWi = Σ_b Xrᵀ·dYi − Xiᵀ·dYr
 */
import { forLoop } from "./fft-wat.js";

const g = (n: string): string => `(local.get ${n})`;
const mul = (a: string, b: string): string => `(f32x4.mul ${a} ${b})`;
const add = (a: string, b: string): string => `(f32x4.add ${a} ${b})`;
const sub = (a: string, b: string): string => `(f32x4.sub ${a} ${b})`;
/** Byte address base + 4·(index expression). */
const addr = (base: string, idx: string): string => `(i32.add ${g(base)} (i32.shl ${idx} (i32.const 2)))`;
const mulI = (...xs: string[]): string => xs.reduce((a, b) => `(i32.mul ${a} ${b})`);
const addI = (...xs: string[]): string => xs.reduce((a, b) => `(i32.add ${a} ${b})`);

const PARAMS = `(param $X i32) (param $Wr i32) (param $Wi i32) (param $Y i32) (param $M i32) (param $B i32) (param $C i32) (param $O i32)`;

const FWD = `
(func $mix (export "mix") ${PARAMS}
  (local $k i32) (local $b i32) (local $c i32) (local $o i32) (local $xr v128) (local $xi v128)
  (local $yr v128) (local $yi v128) (local $wr v128) (local $wi v128) (local $xrow i32) (local $wrow i32) (local $yrow i32)
  ${forLoop("$k", g("$M"), forLoop("$b", g("$B"), `
    (local.set $xrow ${mulI(addI(mulI(g("$k"), g("$B")), g("$b")), "(i32.const 2)", g("$C"))})
    (local.set $yrow ${mulI(addI(mulI(g("$k"), g("$B")), g("$b")), "(i32.const 2)", g("$O"))})
    ${forLoop("$o", g("$O"), `
      (local.set $yr (f32x4.splat (f32.const 0)))
      (local.set $yi (f32x4.splat (f32.const 0)))
      ${forLoop("$c", g("$C"), `
        (local.set $xr (v128.load32_splat ${addr("$X", addI(g("$xrow"), g("$c")))}))
        (local.set $xi (v128.load32_splat ${addr("$X", addI(g("$xrow"), g("$C"), g("$c")))}))
        (local.set $wrow ${addI(mulI(addI(mulI(g("$k"), g("$C")), g("$c")), g("$O")), g("$o"))})
        (local.set $wr (v128.load ${addr("$Wr", g("$wrow"))}))
        (local.set $wi (v128.load ${addr("$Wi", g("$wrow"))}))
        (local.set $yr ${sub(add(g("$yr"), mul(g("$xr"), g("$wr"))), mul(g("$xi"), g("$wi")))})
        (local.set $yi ${add(add(g("$yi"), mul(g("$xr"), g("$wi"))), mul(g("$xi"), g("$wr")))})`)}
      (v128.store ${addr("$Y", addI(g("$yrow"), g("$o")))} ${g("$yr")})
      (v128.store ${addr("$Y", addI(g("$yrow"), g("$O"), g("$o")))} ${g("$yi")})`, "(i32.const 4)")}`))})`;

/** dX: per (k, b, c) two dot products over o, summed across the lanes at the end. */
const hsum = (v: string): string => `(f32.add (f32.add (f32x4.extract_lane 0 ${v}) (f32x4.extract_lane 1 ${v})) (f32.add (f32x4.extract_lane 2 ${v}) (f32x4.extract_lane 3 ${v})))`;
const BWD_X = `
(func $mix_dx (export "mix_dx") (param $dY i32) (param $Wr i32) (param $Wi i32) (param $dX i32) (param $M i32) (param $B i32) (param $C i32) (param $O i32)
  (local $k i32) (local $b i32) (local $c i32) (local $o i32) (local $dyr v128) (local $dyi v128) (local $wr v128) (local $wi v128)
  (local $ar v128) (local $ai v128) (local $yrow i32) (local $xrow i32) (local $wrow i32)
  ${forLoop("$k", g("$M"), forLoop("$b", g("$B"), `
    (local.set $xrow ${mulI(addI(mulI(g("$k"), g("$B")), g("$b")), "(i32.const 2)", g("$C"))})
    (local.set $yrow ${mulI(addI(mulI(g("$k"), g("$B")), g("$b")), "(i32.const 2)", g("$O"))})
    ${forLoop("$c", g("$C"), `
      (local.set $ar (f32x4.splat (f32.const 0)))
      (local.set $ai (f32x4.splat (f32.const 0)))
      (local.set $wrow ${mulI(addI(mulI(g("$k"), g("$C")), g("$c")), g("$O"))})
      ${forLoop("$o", g("$O"), `
        (local.set $dyr (v128.load ${addr("$dY", addI(g("$yrow"), g("$o")))}))
        (local.set $dyi (v128.load ${addr("$dY", addI(g("$yrow"), g("$O"), g("$o")))}))
        (local.set $wr (v128.load ${addr("$Wr", addI(g("$wrow"), g("$o")))}))
        (local.set $wi (v128.load ${addr("$Wi", addI(g("$wrow"), g("$o")))}))
        (local.set $ar ${add(add(g("$ar"), mul(g("$dyr"), g("$wr"))), mul(g("$dyi"), g("$wi")))})
        (local.set $ai ${sub(add(g("$ai"), mul(g("$dyi"), g("$wr"))), mul(g("$dyr"), g("$wi")))})`, "(i32.const 4)")}
      (f32.store ${addr("$dX", addI(g("$xrow"), g("$c")))} ${hsum(g("$ar"))})
      (f32.store ${addr("$dX", addI(g("$xrow"), g("$C"), g("$c")))} ${hsum(g("$ai"))})`)}`))})`;

const BWD_W = `
(func $mix_dw (export "mix_dw") (param $X i32) (param $dY i32) (param $dWr i32) (param $dWi i32) (param $M i32) (param $B i32) (param $C i32) (param $O i32)
  (local $k i32) (local $b i32) (local $c i32) (local $o i32) (local $xr v128) (local $xi v128) (local $dyr v128) (local $dyi v128)
  (local $ar v128) (local $ai v128) (local $xrow i32) (local $yrow i32) (local $wrow i32)
  ${forLoop("$k", g("$M"), forLoop("$c", g("$C"), `
    (local.set $wrow ${mulI(addI(mulI(g("$k"), g("$C")), g("$c")), g("$O"))})
    ${forLoop("$o", g("$O"), `
      (local.set $ar (f32x4.splat (f32.const 0)))
      (local.set $ai (f32x4.splat (f32.const 0)))
      ${forLoop("$b", g("$B"), `
        (local.set $xrow ${mulI(addI(mulI(g("$k"), g("$B")), g("$b")), "(i32.const 2)", g("$C"))})
        (local.set $yrow ${mulI(addI(mulI(g("$k"), g("$B")), g("$b")), "(i32.const 2)", g("$O"))})
        (local.set $xr (v128.load32_splat ${addr("$X", addI(g("$xrow"), g("$c")))}))
        (local.set $xi (v128.load32_splat ${addr("$X", addI(g("$xrow"), g("$C"), g("$c")))}))
        (local.set $dyr (v128.load ${addr("$dY", addI(g("$yrow"), g("$o")))}))
        (local.set $dyi (v128.load ${addr("$dY", addI(g("$yrow"), g("$O"), g("$o")))}))
        (local.set $ar ${add(add(g("$ar"), mul(g("$xr"), g("$dyr"))), mul(g("$xi"), g("$dyi")))})
        (local.set $ai ${sub(add(g("$ai"), mul(g("$xr"), g("$dyi"))), mul(g("$xi"), g("$dyr")))})`)}
      (v128.store ${addr("$dWr", addI(g("$wrow"), g("$o")))} ${g("$ar")})
      (v128.store ${addr("$dWi", addI(g("$wrow"), g("$o")))} ${g("$ai")})`, "(i32.const 4)")}`))})`;

export const MIX_WAT = FWD + BWD_X + BWD_W;
