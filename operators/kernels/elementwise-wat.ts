/**
 * WebAssembly text of the elementwise kernels: exact GELU x·Φ(x) and its tanh form, forward
 * and backward, and one Adam/AdamW update over a flat parameter buffer. f32x4 throughout; the
 * callers pad lengths to a multiple of 4 (tfjs-wasm allocations are, and the cpu runtime
 * copies into padded regions).
 *
 * Math (docs/operators-spectral.md §Fused kernels):
 * - exp(v): v·log₂e = n + f with n = nearest integer, |f| ≤ ½; 2^f by its degree-6 Taylor
 *   polynomial (relative error < 2e−8), times 2^n by adding n to the exponent bits; v is clamped
 *   to [−87, 88] so the result stays a normal float.
 * - Φ(x) with erf from Abramowitz & Stegun 7.1.26 (|error| ≤ 1.5e−7):
 *   q = ½·t(a₁ + t(a₂ + t(a₃ + t(a₄ + t·a₅))))·e^{−x²/2}, t = 1/(1 + p|x|/√2) is Φ(−|x|),
 *   Φ(x) = 1 − q for x ≥ 0 else q; and φ(x) = e^{−x²/2}/√(2π) reuses the same exponential.
 * - tanh form: x·σ(2u), u = √(2/π)(x + 0.044715x³).
 */
import { forLoop } from "./fft-wat.js";

const g = (n: string): string => `(local.get ${n})`;
const f4 = (v: number): string => `(f32x4.splat (f32.const ${v}))`;
const mul = (a: string, b: string): string => `(f32x4.mul ${a} ${b})`;
const add = (a: string, b: string): string => `(f32x4.add ${a} ${b})`;
const sub = (a: string, b: string): string => `(f32x4.sub ${a} ${b})`;

const LN2 = Math.LN2;
/** 2^f = Σ (f ln2)^k / k!, k ≤ 6, as Horner coefficients in f. */
const EXP2 = Array.from({ length: 7 }, (_, k) => LN2 ** k / [1, 1, 2, 6, 24, 120, 720][k]!);

/** exp of the v128 expression `v` (locals $eu $en $ef used). */
const exp4 = (v: string): string => `
  (local.set $eu (f32x4.mul (f32x4.min (f32x4.max ${v} ${f4(-87)}) ${f4(88)}) ${f4(Math.LOG2E)}))
  (local.set $en (f32x4.nearest ${g("$eu")}))
  (local.set $ef (f32x4.sub ${g("$eu")} ${g("$en")}))
  (local.set $eu ${EXP2.slice(0, -1).reduceRight((acc, c) => add(f4(c), mul(g("$ef"), acc)), f4(EXP2[6]!))})
  (local.set $eu (i32x4.add ${g("$eu")} (i32x4.shl (i32x4.trunc_sat_f32x4_s ${g("$en")}) (i32.const 23))))`;
const EXP_LOCALS = "(local $eu v128) (local $en v128) (local $ef v128)";

const AS = { p: 0.3275911, a: [0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429] };

/** Sets $cdf = Φ(x) and $pdf = φ(x) for the v128 in $x. */
const normal4 = `
  ${exp4(`(f32x4.mul (f32x4.mul ${g("$x")} ${g("$x")}) ${f4(-0.5)})`)}
  (local.set $t (f32x4.div ${f4(1)} (f32x4.add ${f4(1)} (f32x4.mul (f32x4.abs ${g("$x")}) ${f4(AS.p * Math.SQRT1_2)}))))
  (local.set $q (f32x4.mul (f32x4.mul ${f4(0.5)} ${g("$eu")})
    (f32x4.mul ${g("$t")} ${AS.a.slice(0, -1).reduceRight((acc, c) => add(f4(c), mul(g("$t"), acc)), f4(AS.a[4]!))})))
  (local.set $cdf (v128.bitselect (f32x4.sub ${f4(1)} ${g("$q")}) ${g("$q")} (f32x4.ge ${g("$x")} ${f4(0)})))
  (local.set $pdf (f32x4.mul ${g("$eu")} ${f4(1 / Math.sqrt(2 * Math.PI))}))`;
const NORMAL_LOCALS = `${EXP_LOCALS} (local $t v128) (local $q v128) (local $cdf v128) (local $pdf v128)`;

const K = Math.sqrt(2 / Math.PI);
const A = 0.044715;
/** Sets $s = σ(2u) and $du = d(2u)/dx for the v128 in $x (tanh form). */
const sigmoid4 = `
  (local.set $x2 (f32x4.mul ${g("$x")} ${g("$x")}))
  ${exp4(`(f32x4.mul (f32x4.mul ${g("$x")} (f32x4.add ${f4(1)} (f32x4.mul ${g("$x2")} ${f4(A)}))) ${f4(-2 * K)})`)}
  (local.set $s (f32x4.div ${f4(1)} (f32x4.add ${f4(1)} ${g("$eu")})))
  (local.set $du (f32x4.mul ${f4(2 * K)} (f32x4.add ${f4(1)} (f32x4.mul ${g("$x2")} ${f4(3 * A)}))))`;
const SIGMOID_LOCALS = `${EXP_LOCALS} (local $x2 v128) (local $s v128) (local $du v128)`;

/** Elementwise loop over `$n` floats (a multiple of 4) at byte offset $i. */
const each = (body: string): string => forLoop("$i", `(i32.shl ${g("$n")} (i32.const 2))`, body, "(i32.const 16)");
const load = (p: string): string => `(v128.load (i32.add ${g(p)} ${g("$i")}))`;
const store = (p: string, v: string): string => `(v128.store (i32.add ${g(p)} ${g("$i")}) ${v})`;

const GELU = `
(func $gelu (export "gelu") (param $xp i32) (param $yp i32) (param $n i32) (local $i i32) (local $x v128) ${NORMAL_LOCALS}
  ${each(`(local.set $x ${load("$xp")}) ${normal4} ${store("$yp", mul(g("$x"), g("$cdf")))}`)})
(func $gelu_grad (export "gelu_grad") (param $xp i32) (param $dyp i32) (param $dxp i32) (param $n i32) (local $i i32) (local $x v128) ${NORMAL_LOCALS}
  ${each(`(local.set $x ${load("$xp")}) ${normal4}
    ${store("$dxp", mul(load("$dyp"), add(g("$cdf"), mul(g("$x"), g("$pdf")))))}`)})
(func $gelu_tanh (export "gelu_tanh") (param $xp i32) (param $yp i32) (param $n i32) (local $i i32) (local $x v128) ${SIGMOID_LOCALS}
  ${each(`(local.set $x ${load("$xp")}) ${sigmoid4} ${store("$yp", mul(g("$x"), g("$s")))}`)})
(func $gelu_tanh_grad (export "gelu_tanh_grad") (param $xp i32) (param $dyp i32) (param $dxp i32) (param $n i32) (local $i i32) (local $x v128) ${SIGMOID_LOCALS}
  ${each(`(local.set $x ${load("$xp")}) ${sigmoid4}
    ${store("$dxp", mul(load("$dyp"), add(g("$s"), mul(mul(g("$x"), mul(g("$s"), sub(f4(1), g("$s")))), g("$du")))))}`)})`;

/**
 * adam: one AdamW step on n floats: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * w ← w − lr·(m/c₁ / (√(v/c₂) + ε) + λw), c₁ = 1−β₁ᵗ and c₂ = 1−β₂ᵗ. The caller passes
 * 1−β and 1/c computed in double precision (1 − β in float32 loses digits: 1 − 0.999f is
 * 4.7e−5 off in relative terms).
 * Reads w, g, m, v and writes the new w, m, v to separate buffers (wo, mo, vo).
 */
const ADAM = `
(func $adam (export "adam") (param $wp i32) (param $gp i32) (param $mp i32) (param $vp i32)
  (param $wo i32) (param $mo i32) (param $vo i32) (param $n i32)
  (param $b1 f32) (param $b2 f32) (param $a1 f32) (param $a2 f32) (param $ic1 f32) (param $ic2 f32) (param $eps f32) (param $lr f32) (param $wd f32)
  (local $i i32) (local $gr v128) (local $m v128) (local $v v128) (local $w v128)
  (local $B1 v128) (local $B2 v128) (local $A1 v128) (local $A2 v128) (local $IC1 v128) (local $IC2 v128) (local $E v128) (local $LR v128) (local $WD v128)
  (local.set $B1 (f32x4.splat ${g("$b1")}))
  (local.set $B2 (f32x4.splat ${g("$b2")}))
  (local.set $A1 (f32x4.splat ${g("$a1")}))
  (local.set $A2 (f32x4.splat ${g("$a2")}))
  (local.set $IC1 (f32x4.splat ${g("$ic1")}))
  (local.set $IC2 (f32x4.splat ${g("$ic2")}))
  (local.set $E (f32x4.splat ${g("$eps")}))
  (local.set $LR (f32x4.splat ${g("$lr")}))
  (local.set $WD (f32x4.splat ${g("$wd")}))
  ${each(`
    (local.set $gr ${load("$gp")})
    (local.set $m ${add(mul(g("$B1"), load("$mp")), mul(g("$A1"), g("$gr")))})
    (local.set $v ${add(mul(g("$B2"), load("$vp")), mul(g("$A2"), mul(g("$gr"), g("$gr"))))})
    ${store("$mo", g("$m"))}
    ${store("$vo", g("$v"))}
    (local.set $w ${load("$wp")})
    ${store(
      "$wo",
      sub(
        g("$w"),
        mul(g("$LR"), add(`(f32x4.div ${mul(g("$m"), g("$IC1"))} ${add(`(f32x4.sqrt ${mul(g("$v"), g("$IC2"))})`, g("$E"))})`, mul(g("$WD"), g("$w")))),
      ),
    )}`)})`;

export const ELEMENTWISE_WAT = GELU + ADAM;
