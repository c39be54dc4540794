/**
 * WebAssembly text of the data movement and spectral products of the fused symmetric filter
 * (symmetric-filter-kernel.ts). Lane layout as in fft-wat.ts: channel c < L is the real part
 * of lane c, channel L + c the imaginary part (two real channels per complex FFT), Lp ≥ L
 * lanes, padded with zeros.
 */
import { forLoop } from "./fft-wat.js";

const g = (n: string): string => `(local.get ${n})`;

/** Copy `count` floats src→dst scaled by the splat `$sv` (v128 while 4 remain, then scalar);
 * then zero dst up to `$Lp` floats. Uses locals $q $sv. */
const copyLanes = (src: string, dst: string, count: string, zeroTo: string): string => `
  (local.set $q (i32.const 0))
  (block $cb (loop $cl
    (br_if $cb (i32.gt_s (i32.add ${g("$q")} (i32.const 4)) ${count}))
    (v128.store (i32.add ${dst} (i32.shl ${g("$q")} (i32.const 2)))
      (f32x4.mul (v128.load (i32.add ${src} (i32.shl ${g("$q")} (i32.const 2)))) ${g("$sv")}))
    (local.set $q (i32.add ${g("$q")} (i32.const 4)))
    (br $cl)))
  (block $sb (loop $sl
    (br_if $sb (i32.ge_s ${g("$q")} ${count}))
    (f32.store (i32.add ${dst} (i32.shl ${g("$q")} (i32.const 2)))
      (f32.mul (f32.load (i32.add ${src} (i32.shl ${g("$q")} (i32.const 2)))) ${g("$s")}))
    (local.set $q (i32.add ${g("$q")} (i32.const 1)))
    (br $sl)))
  (block $zb (loop $zl
    (br_if $zb (i32.ge_s ${g("$q")} ${zeroTo}))
    (f32.store (i32.add ${dst} (i32.shl ${g("$q")} (i32.const 2))) (f32.const 0))
    (local.set $q (i32.add ${g("$q")} (i32.const 1)))
    (br $zl)))`;

/**
 * pack: x [B, n1, n2, C] (tfjs layout) → lane elements [B, N1, N2] of the extended grid.
 * map_a[e] is the source index of extended index e on axis a (−1: zero), sgn_a[e] its sign
 * (odd extension of a Dirichlet axis), so one function serves every boundary condition.
 */
const PACK = `
(func $pack (export "pack") (param $src i32) (param $dst i32) (param $B i32) (param $N1 i32) (param $N2 i32)
  (param $n1 i32) (param $n2 i32) (param $C i32) (param $L i32) (param $Lp i32)
  (param $map1 i32) (param $sgn1 i32) (param $map2 i32) (param $sgn2 i32)
  (local $b i32) (local $e1 i32) (local $e2 i32) (local $j1 i32) (local $j2 i32) (local $q i32)
  (local $s f32) (local $sv v128) (local $d i32) (local $sp i32) (local $E i32) (local $half i32)
  (local.set $half (i32.shl ${g("$Lp")} (i32.const 2)))
  (local.set $E (i32.shl ${g("$half")} (i32.const 1)))
  (local.set $d ${g("$dst")})
  ${forLoop("$b", g("$B"), forLoop("$e1", g("$N1"), `
    (local.set $j1 (i32.load (i32.add ${g("$map1")} (i32.shl ${g("$e1")} (i32.const 2)))))
    ${forLoop("$e2", g("$N2"), `
      (local.set $j2 (i32.load (i32.add ${g("$map2")} (i32.shl ${g("$e2")} (i32.const 2)))))
      (if (i32.or (i32.lt_s ${g("$j1")} (i32.const 0)) (i32.lt_s ${g("$j2")} (i32.const 0)))
        (then
          ${forLoop("$q", g("$E"), `(v128.store (i32.add ${g("$d")} ${g("$q")}) (f32x4.splat (f32.const 0)))`, "(i32.const 16)")})
        (else
          (local.set $s (f32.mul (f32.load (i32.add ${g("$sgn1")} (i32.shl ${g("$e1")} (i32.const 2))))
                                 (f32.load (i32.add ${g("$sgn2")} (i32.shl ${g("$e2")} (i32.const 2))))))
          (local.set $sv (f32x4.splat ${g("$s")}))
          (local.set $sp (i32.add ${g("$src")} (i32.shl (i32.mul (i32.add (i32.mul (i32.add (i32.mul ${g("$b")} ${g("$n1")}) ${g("$j1")}) ${g("$n2")}) ${g("$j2")}) ${g("$C")}) (i32.const 2))))
          ${copyLanes(g("$sp"), g("$d"), g("$L"), g("$Lp"))}
          ${copyLanes(`(i32.add ${g("$sp")} (i32.shl ${g("$L")} (i32.const 2)))`, `(i32.add ${g("$d")} ${g("$half")})`, `(i32.sub ${g("$C")} ${g("$L")})`, g("$Lp"))}))
      (local.set $d (i32.add ${g("$d")} ${g("$E")}))`)}`))})`;

/** unpack: lane elements → y [B, n1, n2, C]; rmap_a[j] is the extended index of grid point j. */
const UNPACK = `
(func $unpack (export "unpack") (param $src i32) (param $dst i32) (param $B i32) (param $N1 i32) (param $N2 i32)
  (param $n1 i32) (param $n2 i32) (param $C i32) (param $L i32) (param $Lp i32) (param $rmap1 i32) (param $rmap2 i32)
  (local $b i32) (local $j1 i32) (local $j2 i32) (local $e1 i32) (local $q i32) (local $s f32) (local $sv v128)
  (local $d i32) (local $sp i32) (local $E i32) (local $half i32)
  (local.set $half (i32.shl ${g("$Lp")} (i32.const 2)))
  (local.set $E (i32.shl ${g("$half")} (i32.const 1)))
  (local.set $s (f32.const 1))
  (local.set $sv (f32x4.splat (f32.const 1)))
  (local.set $d ${g("$dst")})
  ${forLoop("$b", g("$B"), forLoop("$j1", g("$n1"), `
    (local.set $e1 (i32.load (i32.add ${g("$rmap1")} (i32.shl ${g("$j1")} (i32.const 2)))))
    ${forLoop("$j2", g("$n2"), `
      (local.set $sp (i32.add ${g("$src")} (i32.mul (i32.add (i32.mul (i32.add (i32.mul ${g("$b")} ${g("$N1")}) ${g("$e1")}) ${g("$N2")})
        (i32.load (i32.add ${g("$rmap2")} (i32.shl ${g("$j2")} (i32.const 2))))) ${g("$E")})))
      ${copyLanes(g("$sp"), g("$d"), g("$L"), g("$L"))}
      ${copyLanes(`(i32.add ${g("$sp")} ${g("$half")})`, `(i32.add ${g("$d")} (i32.shl ${g("$L")} (i32.const 2)))`, `(i32.sub ${g("$C")} ${g("$L")})`, `(i32.sub ${g("$C")} ${g("$L")})`)}
      (local.set $d (i32.add ${g("$d")} (i32.shl ${g("$C")} (i32.const 2))))`)}`))})`;

/** Shared head of multiply/accum: loops b, f1, f2 with the partner −f and the class k (or −1). */
const spectralLoops = (body: string): string => `
  (local.set $half (i32.shl ${g("$V")} (i32.const 4)))
  (local.set $E (i32.shl ${g("$half")} (i32.const 1)))
  ${forLoop("$b", g("$B"), forLoop("$f1", g("$N1"), `
    (local.set $g1 (i32.rem_u (i32.sub ${g("$N1")} ${g("$f1")}) ${g("$N1")}))
    (local.set $k1 (i32.load (i32.add ${g("$cls1")} (i32.shl ${g("$f1")} (i32.const 2)))))
    ${forLoop("$f2", g("$N2"), `
      (local.set $g2 (i32.rem_u (i32.sub ${g("$N2")} ${g("$f2")}) ${g("$N2")}))
      (local.set $k2 (i32.load (i32.add ${g("$cls2")} (i32.shl ${g("$f2")} (i32.const 2)))))
      (local.set $if (i32.add (i32.mul ${g("$f1")} ${g("$N2")}) ${g("$f2")}))
      (local.set $ig (i32.add (i32.mul ${g("$g1")} ${g("$N2")}) ${g("$g2")}))
      (local.set $pa (i32.mul (i32.add (i32.mul ${g("$b")} (i32.mul ${g("$N1")} ${g("$N2")})) ${g("$if")}) ${g("$E")}))
      (local.set $pb (i32.mul (i32.add (i32.mul ${g("$b")} (i32.mul ${g("$N1")} ${g("$N2")})) ${g("$ig")}) ${g("$E")}))
      (local.set $kk (i32.or (i32.lt_s ${g("$k1")} (i32.const 0)) (i32.lt_s ${g("$k2")} (i32.const 0))))
      (local.set $cp (i32.shl (i32.mul (i32.add (i32.mul ${g("$k1")} ${g("$K2")}) ${g("$k2")}) ${g("$E")}) (i32.const 0)))
      ${body}`)}`))}`;

const SPECTRAL_LOCALS = `(local $b i32) (local $f1 i32) (local $f2 i32) (local $g1 i32) (local $g2 i32) (local $k1 i32) (local $k2 i32)
  (local $if i32) (local $ig i32) (local $pa i32) (local $pb i32) (local $kk i32) (local $cp i32) (local $q i32)
  (local $E i32) (local $half i32) (local $ar v128) (local $ai v128) (local $br v128) (local $bi v128)`;

/**
 * multiply (in place): Z'_f = α Z_f + β conj(Z_{−f}) per lane, with α = (m₁+m₂)/2·scale and
 * β = (m₁−m₂)/2·scale prepared per class (`$ab`: [K1·K2] elements of α lanes then β lanes).
 * This filters the real channel of lane re by m₁ and that of lane im by m₂ in one complex
 * spectrum. Pairs (f, −f) are updated together (f ≤ −f in flat order); classes < 0 are zeroed.
 */
const MULTIPLY = `
(func $multiply (export "multiply") (param $buf i32) (param $B i32) (param $N1 i32) (param $N2 i32) (param $V i32)
  (param $cls1 i32) (param $cls2 i32) (param $K2 i32) (param $ab i32)
  ${SPECTRAL_LOCALS} (local $al v128) (local $be v128)
  ${spectralLoops(`
      (if (i32.le_u ${g("$if")} ${g("$ig")}) (then
        (local.set $pa (i32.add ${g("$buf")} ${g("$pa")}))
        (local.set $pb (i32.add ${g("$buf")} ${g("$pb")}))
        (local.set $cp (i32.add ${g("$ab")} ${g("$cp")}))
        ${forLoop("$q", g("$half"), `
          (if ${g("$kk")}
            (then
              (local.set $al (f32x4.splat (f32.const 0)))
              (local.set $be (f32x4.splat (f32.const 0))))
            (else
              (local.set $al (v128.load (i32.add ${g("$cp")} ${g("$q")})))
              (local.set $be (v128.load (i32.add (i32.add ${g("$cp")} ${g("$half")}) ${g("$q")})))))
          (local.set $ar (v128.load (i32.add ${g("$pa")} ${g("$q")})))
          (local.set $ai (v128.load (i32.add (i32.add ${g("$pa")} ${g("$half")}) ${g("$q")})))
          (local.set $br (v128.load (i32.add ${g("$pb")} ${g("$q")})))
          (local.set $bi (v128.load (i32.add (i32.add ${g("$pb")} ${g("$half")}) ${g("$q")})))
          (v128.store (i32.add ${g("$pa")} ${g("$q")}) (f32x4.add (f32x4.mul ${g("$al")} ${g("$ar")}) (f32x4.mul ${g("$be")} ${g("$br")})))
          (v128.store (i32.add (i32.add ${g("$pa")} ${g("$half")}) ${g("$q")}) (f32x4.sub (f32x4.mul ${g("$al")} ${g("$ai")}) (f32x4.mul ${g("$be")} ${g("$bi")})))
          (v128.store (i32.add ${g("$pb")} ${g("$q")}) (f32x4.add (f32x4.mul ${g("$al")} ${g("$br")}) (f32x4.mul ${g("$be")} ${g("$ar")})))
          (v128.store (i32.add (i32.add ${g("$pb")} ${g("$half")}) ${g("$q")}) (f32x4.sub (f32x4.mul ${g("$al")} ${g("$bi")}) (f32x4.mul ${g("$be")} ${g("$ai")})))`,
          "(i32.const 16)")}))`)})`;

/**
 * accum: for every f of a kept class, with a = X_f, b = X_{−f} (spectrum of the packed x) and
 * c = D_f, d = D_{−f} (of the packed cotangent): P = Re(a c̄) + Re(b d̄), Q = Re(a d) + Re(b c);
 * adds P + Q to the class's lanes-re half of `$out` and P − Q to its lanes-im half. (4·Re of
 * the products of the two real channels' spectra; the caller scales.)
 */
const ACCUM = `
(func $accum (export "accum") (param $zx i32) (param $zd i32) (param $B i32) (param $N1 i32) (param $N2 i32) (param $V i32)
  (param $cls1 i32) (param $cls2 i32) (param $K2 i32) (param $out i32)
  ${SPECTRAL_LOCALS} (local $cr v128) (local $ci v128) (local $dr v128) (local $di v128) (local $P v128) (local $Q v128) (local $o i32)
  ${spectralLoops(`
      (if (i32.eqz ${g("$kk")}) (then
        ${forLoop("$q", g("$half"), `
          (local.set $ar (v128.load (i32.add (i32.add ${g("$zx")} ${g("$pa")}) ${g("$q")})))
          (local.set $ai (v128.load (i32.add (i32.add (i32.add ${g("$zx")} ${g("$pa")}) ${g("$half")}) ${g("$q")})))
          (local.set $br (v128.load (i32.add (i32.add ${g("$zx")} ${g("$pb")}) ${g("$q")})))
          (local.set $bi (v128.load (i32.add (i32.add (i32.add ${g("$zx")} ${g("$pb")}) ${g("$half")}) ${g("$q")})))
          (local.set $cr (v128.load (i32.add (i32.add ${g("$zd")} ${g("$pa")}) ${g("$q")})))
          (local.set $ci (v128.load (i32.add (i32.add (i32.add ${g("$zd")} ${g("$pa")}) ${g("$half")}) ${g("$q")})))
          (local.set $dr (v128.load (i32.add (i32.add ${g("$zd")} ${g("$pb")}) ${g("$q")})))
          (local.set $di (v128.load (i32.add (i32.add (i32.add ${g("$zd")} ${g("$pb")}) ${g("$half")}) ${g("$q")})))
          (local.set $P (f32x4.add (f32x4.add (f32x4.mul ${g("$ar")} ${g("$cr")}) (f32x4.mul ${g("$ai")} ${g("$ci")}))
                                   (f32x4.add (f32x4.mul ${g("$br")} ${g("$dr")}) (f32x4.mul ${g("$bi")} ${g("$di")}))))
          (local.set $Q (f32x4.add (f32x4.sub (f32x4.mul ${g("$ar")} ${g("$dr")}) (f32x4.mul ${g("$ai")} ${g("$di")}))
                                   (f32x4.sub (f32x4.mul ${g("$br")} ${g("$cr")}) (f32x4.mul ${g("$bi")} ${g("$ci")}))))
          (local.set $o (i32.add (i32.add ${g("$out")} ${g("$cp")}) ${g("$q")}))
          (v128.store ${g("$o")} (f32x4.add (v128.load ${g("$o")}) (f32x4.add ${g("$P")} ${g("$Q")})))
          (local.set $o (i32.add ${g("$o")} ${g("$half")}))
          (v128.store ${g("$o")} (f32x4.add (v128.load ${g("$o")}) (f32x4.sub ${g("$P")} ${g("$Q")})))`,
          "(i32.const 16)")}))`)})`;

export const FILTER_WAT = PACK + UNPACK + MULTIPLY + ACCUM;
