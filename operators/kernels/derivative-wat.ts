/**
 * WebAssembly text of the spectral products of the fused derivative filter
 * (derivative-filter-kernel.ts), on the lane layout of fft-wat.ts / filter-wat.ts: lane q of a
 * complex spectrum Z carries real channel q in its real part and channel L + q in its
 * imaginary part, so X₁_f = (Z_f + conj Z_{−f})/2 and X₂_f = (Z_f − conj Z_{−f})/(2i).
 *
 * Unlike the symmetric filter's multiplier (real, even, one value per mode class) a derivative
 * multiplier h(f) = (ik)^m e^{−τ²|k|²} is complex and odd for odd m; it is Hermitian,
 * h(−f) = conj h(f), because the filtered field is real. Tables are therefore per signed
 * frequency f of the (extended) grid and complex (docs/operators-spectral.md §Fused kernels).
 */
import { forLoop } from "./fft-wat.js";

const g = (n: string): string => `(local.get ${n})`;
const ld = (base: string, off: string): string => `(v128.load (i32.add ${base} ${off}))`;
const add = (a: string, b: string): string => `(f32x4.add ${a} ${b})`;
const sub = (a: string, b: string): string => `(f32x4.sub ${a} ${b})`;
const mul = (a: string, b: string): string => `(f32x4.mul ${a} ${b})`;

/** Loops b, f1, f2 with the partner −f: sets $pa/$pb (byte offsets of Z_f, Z_{−f}) and $if/$ig (flat f, −f). */
const pairLoops = (body: string): string => `
  (local.set $half (i32.shl ${g("$V")} (i32.const 4)))
  (local.set $E (i32.shl ${g("$half")} (i32.const 1)))
  ${forLoop("$b", g("$B"), forLoop("$f1", g("$N1"), `
    (local.set $g1 (i32.rem_u (i32.sub ${g("$N1")} ${g("$f1")}) ${g("$N1")}))
    ${forLoop("$f2", g("$N2"), `
      (local.set $g2 (i32.rem_u (i32.sub ${g("$N2")} ${g("$f2")}) ${g("$N2")}))
      (local.set $if (i32.add (i32.mul ${g("$f1")} ${g("$N2")}) ${g("$f2")}))
      (local.set $ig (i32.add (i32.mul ${g("$g1")} ${g("$N2")}) ${g("$g2")}))
      (local.set $pa (i32.mul (i32.add (i32.mul ${g("$b")} (i32.mul ${g("$N1")} ${g("$N2")})) ${g("$if")}) ${g("$E")}))
      (local.set $pb (i32.mul (i32.add (i32.mul ${g("$b")} (i32.mul ${g("$N1")} ${g("$N2")})) ${g("$ig")}) ${g("$E")}))
      ${body}`)}`))}`;

const LOCALS = `(local $b i32) (local $f1 i32) (local $f2 i32) (local $g1 i32) (local $g2 i32) (local $if i32) (local $ig i32)
  (local $pa i32) (local $pb i32) (local $tp i32) (local $q i32) (local $E i32) (local $half i32) (local $h2 i32) (local $h3 i32)
  (local $ar v128) (local $ai v128) (local $br v128) (local $bi v128)`;

/**
 * cmultiply (in place): W_f = α_f Z_f + β_f conj Z_{−f} and W_{−f} = conj(α_f) Z_{−f} +
 * conj(β_f) conj Z_f, with α = (h₁ + h₂)/2·scale and β = (h₁ − h₂)/2·scale complex, from the
 * table `$tab` ([N1·N2] entries, each αre | αim | βre | βim lanes, indexed by flat f). This
 * filters the channel in the real part of a lane by h₁ and that in the imaginary part by h₂.
 * Pairs (f, −f) are updated together (f ≤ −f in flat order; a self-paired f has real α, β).
 */
const CMULTIPLY = `
(func $cmultiply (export "cmultiply") (param $buf i32) (param $B i32) (param $N1 i32) (param $N2 i32) (param $V i32) (param $tab i32)
  ${LOCALS} (local $alr v128) (local $ali v128) (local $ber v128) (local $bei v128)
  ${pairLoops(`
      (if (i32.le_u ${g("$if")} ${g("$ig")}) (then
        (local.set $pa (i32.add ${g("$buf")} ${g("$pa")}))
        (local.set $pb (i32.add ${g("$buf")} ${g("$pb")}))
        (local.set $tp (i32.add ${g("$tab")} (i32.shl (i32.mul ${g("$if")} ${g("$E")}) (i32.const 1))))
        (local.set $h2 (i32.shl ${g("$half")} (i32.const 1)))
        (local.set $h3 (i32.add ${g("$h2")} ${g("$half")}))
        ${forLoop("$q", g("$half"), `
          (local.set $alr ${ld(g("$tp"), g("$q"))})
          (local.set $ali ${ld(`(i32.add ${g("$tp")} ${g("$half")})`, g("$q"))})
          (local.set $ber ${ld(`(i32.add ${g("$tp")} ${g("$h2")})`, g("$q"))})
          (local.set $bei ${ld(`(i32.add ${g("$tp")} ${g("$h3")})`, g("$q"))})
          (local.set $ar ${ld(g("$pa"), g("$q"))})
          (local.set $ai ${ld(`(i32.add ${g("$pa")} ${g("$half")})`, g("$q"))})
          (local.set $br ${ld(g("$pb"), g("$q"))})
          (local.set $bi ${ld(`(i32.add ${g("$pb")} ${g("$half")})`, g("$q"))})
          (v128.store (i32.add ${g("$pa")} ${g("$q")})
            ${add(sub(mul(g("$alr"), g("$ar")), mul(g("$ali"), g("$ai"))), add(mul(g("$ber"), g("$br")), mul(g("$bei"), g("$bi"))))})
          (v128.store (i32.add (i32.add ${g("$pa")} ${g("$half")}) ${g("$q")})
            ${add(add(mul(g("$alr"), g("$ai")), mul(g("$ali"), g("$ar"))), sub(mul(g("$bei"), g("$br")), mul(g("$ber"), g("$bi"))))})
          (v128.store (i32.add ${g("$pb")} ${g("$q")})
            ${add(add(mul(g("$alr"), g("$br")), mul(g("$ali"), g("$bi"))), sub(mul(g("$ber"), g("$ar")), mul(g("$bei"), g("$ai"))))})
          (v128.store (i32.add (i32.add ${g("$pb")} ${g("$half")}) ${g("$q")})
            ${sub(sub(mul(g("$alr"), g("$bi")), mul(g("$ali"), g("$br"))), add(mul(g("$ber"), g("$ai")), mul(g("$bei"), g("$ar"))))})`,
          "(i32.const 16)")}))`)})`;

/**
 * caccum: for every f (summed over the batch), with a = X_f, b = X_{−f} (spectrum of the packed
 * x) and c = D_f, d = D_{−f} (of the packed cotangent): U = a c̄ + b̄ d, W = a d + b̄ c̄; adds
 * U + W (re, im) and U − W (re, im) to the four lane halves of entry f of `$out`. These are
 * 4·X₁ conj D₁ and 4·X₂ conj D₂ for the two real channels of the lane: complex, because an odd
 * multiplier's derivative pairs with the imaginary part (the caller scales by 1/4).
 */
const CACCUM = `
(func $caccum (export "caccum") (param $zx i32) (param $zd i32) (param $B i32) (param $N1 i32) (param $N2 i32) (param $V i32) (param $out i32)
  ${LOCALS} (local $cr v128) (local $ci v128) (local $dr v128) (local $di v128)
  (local $ure v128) (local $uim v128) (local $wre v128) (local $wim v128) (local $o i32)
  ${pairLoops(`
        (local.set $tp (i32.add ${g("$out")} (i32.shl (i32.mul ${g("$if")} ${g("$E")}) (i32.const 1))))
        ${forLoop("$q", g("$half"), `
          (local.set $ar ${ld(`(i32.add ${g("$zx")} ${g("$pa")})`, g("$q"))})
          (local.set $ai ${ld(`(i32.add (i32.add ${g("$zx")} ${g("$pa")}) ${g("$half")})`, g("$q"))})
          (local.set $br ${ld(`(i32.add ${g("$zx")} ${g("$pb")})`, g("$q"))})
          (local.set $bi ${ld(`(i32.add (i32.add ${g("$zx")} ${g("$pb")}) ${g("$half")})`, g("$q"))})
          (local.set $cr ${ld(`(i32.add ${g("$zd")} ${g("$pa")})`, g("$q"))})
          (local.set $ci ${ld(`(i32.add (i32.add ${g("$zd")} ${g("$pa")}) ${g("$half")})`, g("$q"))})
          (local.set $dr ${ld(`(i32.add ${g("$zd")} ${g("$pb")})`, g("$q"))})
          (local.set $di ${ld(`(i32.add (i32.add ${g("$zd")} ${g("$pb")}) ${g("$half")})`, g("$q"))})
          (local.set $ure ${add(add(mul(g("$ar"), g("$cr")), mul(g("$ai"), g("$ci"))), add(mul(g("$br"), g("$dr")), mul(g("$bi"), g("$di"))))})
          (local.set $uim ${add(sub(mul(g("$ai"), g("$cr")), mul(g("$ar"), g("$ci"))), sub(mul(g("$br"), g("$di")), mul(g("$bi"), g("$dr"))))})
          (local.set $wre ${add(sub(mul(g("$ar"), g("$dr")), mul(g("$ai"), g("$di"))), sub(mul(g("$br"), g("$cr")), mul(g("$bi"), g("$ci"))))})
          (local.set $wim ${sub(add(mul(g("$ar"), g("$di")), mul(g("$ai"), g("$dr"))), add(mul(g("$br"), g("$ci")), mul(g("$bi"), g("$cr"))))})
          (local.set $o (i32.add ${g("$tp")} ${g("$q")}))
          (v128.store ${g("$o")} ${add(`(v128.load ${g("$o")})`, add(g("$ure"), g("$wre")))})
          (local.set $o (i32.add ${g("$o")} ${g("$half")}))
          (v128.store ${g("$o")} ${add(`(v128.load ${g("$o")})`, add(g("$uim"), g("$wim")))})
          (local.set $o (i32.add ${g("$o")} ${g("$half")}))
          (v128.store ${g("$o")} ${add(`(v128.load ${g("$o")})`, sub(g("$ure"), g("$wre")))})
          (local.set $o (i32.add ${g("$o")} ${g("$half")}))
          (v128.store ${g("$o")} ${add(`(v128.load ${g("$o")})`, sub(g("$uim"), g("$wim")))})`,
          "(i32.const 16)")}`)})`;

export const DERIVATIVE_WAT = CMULTIPLY + CACCUM;
