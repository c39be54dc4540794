/**
 * WebAssembly text of the FFT stages used by the fused spectral kernels. Data are "lane
 * vectors": every element of a sequence is 2·Lp floats, Lp real parts then Lp imaginary parts
 * (Lp a multiple of 4, `$V` = Lp/4 SIMD vectors per half), so one butterfly runs on all lanes
 * (channel pairs) at once with f32x4 arithmetic.
 *
 * Each function is one stage of a Stockham autosort FFT (decimation in frequency), for `$cnt`
 * independent sequences `$bst` bytes apart whose elements are `$est` bytes apart:
 *   for a < m, q < s:  u_r = x[q + s(a + r·m)],  y[q + s(p·a + t)] = ω_n^{a·t} Σ_r u_r ω_p^{r·t}
 * with n = p·m the current sub-length, s the product of the earlier radices. The output is in
 * natural order after the last stage; the twiddle tables (fft-plan.ts) carry the direction.
 */

/** Loop over `$i` from 0 while `$i < limit`, with `body`; `step` adds to `$i` after the body. */
export const forLoop = (i: string, limit: string, body: string, step = "(i32.const 1)"): string => `
  (local.set ${i} (i32.const 0))
  (block $b${i} (loop $l${i}
    (br_if $b${i} (i32.ge_u (local.get ${i}) ${limit}))
    ${body}
    (local.set ${i} (i32.add (local.get ${i}) ${step}))
    (br $l${i})))`;

const ld = (addr: string): string => `(v128.load ${addr})`;
const st = (addr: string, v: string): string => `(v128.store ${addr} ${v})`;
const g = (n: string): string => `(local.get ${n})`;
const add = (a: string, b: string): string => `(f32x4.add ${a} ${b})`;
const sub = (a: string, b: string): string => `(f32x4.sub ${a} ${b})`;
const mul = (a: string, b: string): string => `(f32x4.mul ${a} ${b})`;
const at = (base: string, off: string): string => `(i32.add ${g(base)} ${off})`;

const COMMON_PARAMS = `(param $src i32) (param $dst i32) (param $cnt i32) (param $bst i32) (param $est i32)
  (param $s i32) (param $m i32) (param $tw i32) (param $V i32)`;
const COMMON_LOCALS = `(local $c i32) (local $a i32) (local $q i32) (local $k i32) (local $half i32) (local $sest i32) (local $sm i32)
  (local $sb i32) (local $db i32) (local $i0 i32) (local $o0 i32)`;
const PROLOGUE = `
  (local.set $half (i32.shl ${g("$V")} (i32.const 4)))
  (local.set $sest (i32.mul ${g("$s")} ${g("$est")}))
  (local.set $sm (i32.mul ${g("$sest")} ${g("$m")}))`;

/** Outer loops shared by the stages: sequences, a, q; `perA` runs once per a, `body` per q. */
function stageLoops(p: number | "$p", perA: string, body: string): string {
  const pa = typeof p === "number" ? `(i32.mul ${g("$a")} (i32.const ${p}))` : `(i32.mul ${g("$a")} ${g("$p")})`;
  return forLoop(
    "$c",
    g("$cnt"),
    `(local.set $sb (i32.add ${g("$src")} (i32.mul ${g("$c")} ${g("$bst")})))
     (local.set $db (i32.add ${g("$dst")} (i32.mul ${g("$c")} ${g("$bst")})))
     ${forLoop(
       "$a",
       g("$m"),
       `${perA}
        ${forLoop(
          "$q",
          g("$s"),
          `(local.set $i0 (i32.add ${g("$sb")} (i32.mul (i32.add ${g("$q")} (i32.mul ${g("$s")} ${g("$a")})) ${g("$est")})))
           (local.set $o0 (i32.add ${g("$db")} (i32.mul (i32.add ${g("$q")} (i32.mul ${g("$s")} ${pa})) ${g("$est")})))
           ${body}`,
        )}`,
     )}`,
  );
}

/** Radix 2: y0 = u0 + u1, y1 = (u0 − u1)·w; table per a: (w_re, w_im). */
const R2 = `
(func $r2 (export "r2") ${COMMON_PARAMS}
  ${COMMON_LOCALS}
  (local $wr v128) (local $wi v128) (local $ar v128) (local $ai v128) (local $br v128) (local $bi v128)
  (local $dr v128) (local $di v128) (local $o1 i32) (local $i1 i32)
  ${PROLOGUE}
  ${stageLoops(
    2,
    `(local.set $wr (v128.load32_splat (i32.add ${g("$tw")} (i32.shl ${g("$a")} (i32.const 3)))))
     (local.set $wi (v128.load32_splat offset=4 (i32.add ${g("$tw")} (i32.shl ${g("$a")} (i32.const 3)))))`,
    `(local.set $i1 (i32.add ${g("$i0")} ${g("$sm")}))
     (local.set $o1 (i32.add ${g("$o0")} ${g("$sest")}))
     ${forLoop(
       "$k",
       g("$half"),
       `(local.set $ar ${ld(at("$i0", g("$k")))})
        (local.set $ai ${ld(`(i32.add ${at("$i0", g("$k"))} ${g("$half")})`)})
        (local.set $br ${ld(at("$i1", g("$k")))})
        (local.set $bi ${ld(`(i32.add ${at("$i1", g("$k"))} ${g("$half")})`)})
        ${st(at("$o0", g("$k")), add(g("$ar"), g("$br")))}
        ${st(`(i32.add ${at("$o0", g("$k"))} ${g("$half")})`, add(g("$ai"), g("$bi")))}
        (local.set $dr ${sub(g("$ar"), g("$br"))})
        (local.set $di ${sub(g("$ai"), g("$bi"))})
        ${st(at("$o1", g("$k")), sub(mul(g("$dr"), g("$wr")), mul(g("$di"), g("$wi"))))}
        ${st(`(i32.add ${at("$o1", g("$k"))} ${g("$half")})`, add(mul(g("$dr"), g("$wi")), mul(g("$di"), g("$wr"))))}`,
       "(i32.const 16)",
     )}`,
  )})`;

/** Complex multiply (xr, xi)·(wr, wi) → two expressions. */
const cmulRe = (xr: string, xi: string, wr: string, wi: string): string => sub(mul(xr, wr), mul(xi, wi));
const cmulIm = (xr: string, xi: string, wr: string, wi: string): string => add(mul(xr, wi), mul(xi, wr));

/**
 * Radix 4 with σ = +1 (forward, ω₄ = −i) or −1 (inverse): t0 = u0+u2, t1 = u0−u2, t2 = u1+u3,
 * t3 = u1−u3; y0 = t0+t2, y1 = (t1 − iσ t3)·w1, y2 = (t0−t2)·w2, y3 = (t1 + iσ t3)·w3.
 * Table per a: w1, w2, w3 as (re, im) pairs.
 */
const R4 = `
(func $r4 (export "r4") ${COMMON_PARAMS} (param $sigma f32)
  ${COMMON_LOCALS}
  (local $sg v128) (local $w1r v128) (local $w1i v128) (local $w2r v128) (local $w2i v128) (local $w3r v128) (local $w3i v128)
  (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
  (local $t0r v128) (local $t0i v128) (local $t1r v128) (local $t1i v128) (local $t2r v128) (local $t2i v128) (local $t3r v128) (local $t3i v128)
  (local $xr v128) (local $xi v128) (local $twa i32)
  ${PROLOGUE}
  (local.set $sg (f32x4.splat ${g("$sigma")}))
  ${stageLoops(
    4,
    `(local.set $twa (i32.add ${g("$tw")} (i32.mul ${g("$a")} (i32.const 24))))
     (local.set $w1r (v128.load32_splat ${g("$twa")}))
     (local.set $w1i (v128.load32_splat offset=4 ${g("$twa")}))
     (local.set $w2r (v128.load32_splat offset=8 ${g("$twa")}))
     (local.set $w2i (v128.load32_splat offset=12 ${g("$twa")}))
     (local.set $w3r (v128.load32_splat offset=16 ${g("$twa")}))
     (local.set $w3i (v128.load32_splat offset=20 ${g("$twa")}))`,
    forLoop(
      "$k",
      g("$half"),
      `(local.set $p0 ${at("$i0", g("$k"))})
       (local.set $p1 (i32.add ${g("$p0")} ${g("$sm")}))
       (local.set $p2 (i32.add ${g("$p1")} ${g("$sm")}))
       (local.set $p3 (i32.add ${g("$p2")} ${g("$sm")}))
       (local.set $t0r ${add(ld(g("$p0")), ld(g("$p2")))})
       (local.set $t1r ${sub(ld(g("$p0")), ld(g("$p2")))})
       (local.set $t2r ${add(ld(g("$p1")), ld(g("$p3")))})
       (local.set $t3r ${sub(ld(g("$p1")), ld(g("$p3")))})
       (local.set $p0 (i32.add ${g("$p0")} ${g("$half")}))
       (local.set $p1 (i32.add ${g("$p1")} ${g("$half")}))
       (local.set $p2 (i32.add ${g("$p2")} ${g("$half")}))
       (local.set $p3 (i32.add ${g("$p3")} ${g("$half")}))
       (local.set $t0i ${add(ld(g("$p0")), ld(g("$p2")))})
       (local.set $t1i ${sub(ld(g("$p0")), ld(g("$p2")))})
       (local.set $t2i ${add(ld(g("$p1")), ld(g("$p3")))})
       (local.set $t3i ${sub(ld(g("$p1")), ld(g("$p3")))})
       (local.set $p0 ${at("$o0", g("$k"))})
       ${st(g("$p0"), add(g("$t0r"), g("$t2r")))}
       ${st(`(i32.add ${g("$p0")} ${g("$half")})`, add(g("$t0i"), g("$t2i")))}
       (local.set $p0 (i32.add ${g("$p0")} ${g("$sest")}))
       (local.set $xr ${add(g("$t1r"), mul(g("$sg"), g("$t3i")))})
       (local.set $xi ${sub(g("$t1i"), mul(g("$sg"), g("$t3r")))})
       ${st(g("$p0"), cmulRe(g("$xr"), g("$xi"), g("$w1r"), g("$w1i")))}
       ${st(`(i32.add ${g("$p0")} ${g("$half")})`, cmulIm(g("$xr"), g("$xi"), g("$w1r"), g("$w1i")))}
       (local.set $p0 (i32.add ${g("$p0")} ${g("$sest")}))
       (local.set $xr ${sub(g("$t0r"), g("$t2r"))})
       (local.set $xi ${sub(g("$t0i"), g("$t2i"))})
       ${st(g("$p0"), cmulRe(g("$xr"), g("$xi"), g("$w2r"), g("$w2i")))}
       ${st(`(i32.add ${g("$p0")} ${g("$half")})`, cmulIm(g("$xr"), g("$xi"), g("$w2r"), g("$w2i")))}
       (local.set $p0 (i32.add ${g("$p0")} ${g("$sest")}))
       (local.set $xr ${sub(g("$t1r"), mul(g("$sg"), g("$t3i")))})
       (local.set $xi ${add(g("$t1i"), mul(g("$sg"), g("$t3r")))})
       ${st(g("$p0"), cmulRe(g("$xr"), g("$xi"), g("$w3r"), g("$w3i")))}
       ${st(`(i32.add ${g("$p0")} ${g("$half")})`, cmulIm(g("$xr"), g("$xi"), g("$w3r"), g("$w3i")))}`,
      "(i32.const 16)",
    ),
  )})`;

/**
 * Any radix p (the odd prime factors): y_t = ω_n^{a·t} Σ_r u_r ω_p^{r·t}, O(p²) per butterfly.
 * Tables: `$tw` per a: p pairs ω_n^{a·t}; `$twp`: p·p pairs ω_p^{(r·t) mod p}, row r.
 */
const RG = `
(func $rg (export "rg") ${COMMON_PARAMS} (param $p i32) (param $twp i32)
  ${COMMON_LOCALS}
  (local $t i32) (local $r i32) (local $ur v128) (local $ui v128) (local $accr v128) (local $acci v128)
  (local $wr v128) (local $wi v128) (local $pr i32) (local $twa i32) (local $wpa i32)
  ${PROLOGUE}
  ${stageLoops(
    "$p",
    `(local.set $twa (i32.add ${g("$tw")} (i32.shl (i32.mul ${g("$a")} ${g("$p")}) (i32.const 3))))`,
    forLoop(
      "$k",
      g("$half"),
      forLoop(
        "$t",
        g("$p"),
        `(local.set $accr (f32x4.splat (f32.const 0)))
         (local.set $acci (f32x4.splat (f32.const 0)))
         (local.set $pr ${at("$i0", g("$k"))})
         ${forLoop(
           "$r",
           g("$p"),
           `(local.set $wpa (i32.add ${g("$twp")} (i32.shl (i32.add (i32.mul ${g("$r")} ${g("$p")}) ${g("$t")}) (i32.const 3))))
            (local.set $wr (v128.load32_splat ${g("$wpa")}))
            (local.set $wi (v128.load32_splat offset=4 ${g("$wpa")}))
            (local.set $ur ${ld(g("$pr"))})
            (local.set $ui ${ld(`(i32.add ${g("$pr")} ${g("$half")})`)})
            (local.set $accr ${add(g("$accr"), cmulRe(g("$ur"), g("$ui"), g("$wr"), g("$wi")))})
            (local.set $acci ${add(g("$acci"), cmulIm(g("$ur"), g("$ui"), g("$wr"), g("$wi")))})
            (local.set $pr (i32.add ${g("$pr")} ${g("$sm")}))`,
         )}
         (local.set $wpa (i32.add ${g("$twa")} (i32.shl ${g("$t")} (i32.const 3))))
         (local.set $wr (v128.load32_splat ${g("$wpa")}))
         (local.set $wi (v128.load32_splat offset=4 ${g("$wpa")}))
         (local.set $pr (i32.add ${at("$o0", g("$k"))} (i32.mul ${g("$t")} ${g("$sest")})))
         ${st(g("$pr"), cmulRe(g("$accr"), g("$acci"), g("$wr"), g("$wi")))}
         ${st(`(i32.add ${g("$pr")} ${g("$half")})`, cmulIm(g("$accr"), g("$acci"), g("$wr"), g("$wi")))}`,
      ),
      "(i32.const 16)",
    ),
  )})`;

export const FFT_STAGES_WAT = R2 + R4 + RG;
