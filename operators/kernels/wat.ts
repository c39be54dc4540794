/**
 * A tiny assembler for a subset of the WebAssembly text format (folded S-expressions), so the
 * fused kernels can use 128-bit SIMD without a build step or a new dependency
 * (docs/operators-spectral.md §Fused kernels). Supported: one imported memory ("env" "memory"),
 * functions with named i32/f32/v128 params and locals, exports, void block/loop/if, br/br_if,
 * call, memory ops with offset=/align=, i32/f32 constants, and the numeric and SIMD opcodes
 * listed below. Anything else is a syntax error naming the token: the kernels are fixed text, so
 * a mistake shows up the first time the module is built (the kernel tests build every module).
 */

type Node = string | Node[];
type ValType = "i32" | "f32" | "v128";
const VALTYPE: Record<ValType, number> = { i32: 0x7f, f32: 0x7d, v128: 0x7b };

/** Plain opcodes without immediates. */
const PLAIN: Record<string, number> = {
  drop: 0x1a, select: 0x1b, return: 0x0f,
  "i32.eqz": 0x45, "i32.eq": 0x46, "i32.ne": 0x47, "i32.lt_s": 0x48, "i32.lt_u": 0x49, "i32.gt_s": 0x4a, "i32.gt_u": 0x4b,
  "i32.le_s": 0x4c, "i32.le_u": 0x4d, "i32.ge_s": 0x4e, "i32.ge_u": 0x4f,
  "f32.eq": 0x5b, "f32.ne": 0x5c, "f32.lt": 0x5d, "f32.gt": 0x5e, "f32.le": 0x5f, "f32.ge": 0x60,
  "i32.add": 0x6a, "i32.sub": 0x6b, "i32.mul": 0x6c, "i32.div_s": 0x6d, "i32.div_u": 0x6e, "i32.rem_s": 0x6f, "i32.rem_u": 0x70,
  "i32.and": 0x71, "i32.or": 0x72, "i32.xor": 0x73, "i32.shl": 0x74, "i32.shr_s": 0x75, "i32.shr_u": 0x76,
  "f32.abs": 0x8b, "f32.neg": 0x8c, "f32.floor": 0x8e, "f32.sqrt": 0x91, "f32.add": 0x92, "f32.sub": 0x93, "f32.mul": 0x94,
  "f32.div": 0x95, "f32.min": 0x96, "f32.max": 0x97,
  "i32.trunc_f32_s": 0xa8, "f32.convert_i32_s": 0xb2, "i32.reinterpret_f32": 0xbc, "f32.reinterpret_i32": 0xbe,
};
/** SIMD opcodes (0xfd prefix, LEB128 opcode) without immediates. */
const SIMD: Record<string, number> = {
  "i32x4.splat": 0x11, "f32x4.splat": 0x13,
  "f32x4.eq": 0x41, "f32x4.lt": 0x43, "f32x4.gt": 0x44, "f32x4.le": 0x45, "f32x4.ge": 0x46,
  "v128.not": 0x4d, "v128.and": 0x4e, "v128.andnot": 0x4f, "v128.or": 0x50, "v128.xor": 0x51, "v128.bitselect": 0x52,
  "f32x4.floor": 0x68, "f32x4.nearest": 0x6a,
  "i32x4.shl": 0xab, "i32x4.shr_s": 0xac, "i32x4.add": 0xae, "i32x4.sub": 0xb1,
  "f32x4.abs": 0xe0, "f32x4.neg": 0xe1, "f32x4.sqrt": 0xe3, "f32x4.add": 0xe4, "f32x4.sub": 0xe5, "f32x4.mul": 0xe6,
  "f32x4.div": 0xe7, "f32x4.min": 0xe8, "f32x4.max": 0xe9,
  "i32x4.trunc_sat_f32x4_s": 0xf8, "f32x4.convert_i32x4_s": 0xfa,
};
/** Memory ops: [prefix or null, opcode, natural alignment log2]. */
const MEM: Record<string, [number | null, number, number]> = {
  "i32.load": [null, 0x28, 2], "f32.load": [null, 0x2a, 2], "i32.store": [null, 0x36, 2], "f32.store": [null, 0x38, 2],
  "v128.load": [0xfd, 0x00, 4], "v128.store": [0xfd, 0x0b, 4], "v128.load32_splat": [0xfd, 0x09, 2],
};
const LANE: Record<string, number> = { "f32x4.extract_lane": 0x1f, "f32x4.replace_lane": 0x20 };

function tokenize(src: string): string[] {
  return src.replace(/;;[^\n]*/g, " ").replace(/\(/g, " ( ").replace(/\)/g, " ) ").split(/\s+/).filter(Boolean);
}

function parse(tokens: string[]): Node[] {
  const stack: Node[][] = [[]];
  for (const t of tokens) {
    if (t === "(") {
      const n: Node[] = [];
      stack[stack.length - 1]!.push(n);
      stack.push(n);
    } else if (t === ")") {
      if (stack.length < 2) throw new SyntaxError("wat: unbalanced ')'");
      stack.pop();
    } else stack[stack.length - 1]!.push(t);
  }
  if (stack.length !== 1) throw new SyntaxError("wat: unbalanced '('");
  return stack[0]!;
}

const uleb = (v: number, out: number[]): void => {
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
};
const sleb = (v: number, out: number[]): void => {
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) return void out.push(b);
    out.push(b | 0x80);
  }
};
const str = (s: string, out: number[]): void => {
  const b = new TextEncoder().encode(s);
  uleb(b.length, out);
  out.push(...b);
};
const section = (id: number, body: number[], out: number[]): void => {
  out.push(id);
  uleb(body.length, out);
  out.push(...body);
};

interface Func {
  name: string;
  exportName: string | null;
  params: ValType[];
  locals: ValType[];
  names: Map<string, number>;
  body: Node[];
}

function readFunc(n: Node[]): Func {
  const f: Func = { name: String(n[1]), exportName: null, params: [], locals: [], names: new Map(), body: [] };
  for (const item of n.slice(2)) {
    if (Array.isArray(item) && (item[0] === "param" || item[0] === "local")) {
      const [, name, type] = item as string[];
      if (!name!.startsWith("$") || !(type! in VALTYPE)) throw new SyntaxError(`wat: bad ${item[0]} in ${f.name}: ${item.join(" ")}`);
      f.names.set(name!, f.params.length + f.locals.length);
      (item[0] === "param" ? f.params : f.locals).push(type as ValType);
      if (item[0] === "param" && f.locals.length > 0) throw new SyntaxError(`wat: param after local in ${f.name}`);
    } else if (Array.isArray(item) && item[0] === "export") f.exportName = JSON.parse(String(item[1]));
    else f.body.push(item);
  }
  return f;
}

function emitBody(f: Func, funcs: Map<string, number>, nodes: Node[], labels: string[], out: number[]): void {
  const label = (l: string): number => {
    const d = labels.lastIndexOf(l);
    if (d < 0) throw new SyntaxError(`wat: unknown label ${l} in ${f.name}`);
    return labels.length - 1 - d;
  };
  const local = (l: string): number => {
    const i = f.names.get(l);
    if (i === undefined) throw new SyntaxError(`wat: unknown local ${l} in ${f.name}`);
    return i;
  };
  for (const node of nodes) {
    if (!Array.isArray(node)) throw new SyntaxError(`wat: expected a folded instruction in ${f.name}, got ${node}`);
    const [op, ...rest] = node as [string, ...Node[]];
    const imm = rest.filter((r): r is string => !Array.isArray(r));
    const kids = rest.filter((r): r is Node[] => Array.isArray(r));
    if (op === "block" || op === "loop") {
      out.push(op === "block" ? 0x02 : 0x03, 0x40);
      emitBody(f, funcs, kids, [...labels, imm[0] ?? ""], out);
      out.push(0x0b);
    } else if (op === "if") {
      const then = kids.find((k) => k[0] === "then");
      const els = kids.find((k) => k[0] === "else");
      emitBody(f, funcs, kids.filter((k) => k !== then && k !== els), labels, out);
      out.push(0x04, 0x40);
      emitBody(f, funcs, (then ?? ["then"]).slice(1) as Node[], [...labels, imm[0] ?? ""], out);
      if (els) {
        out.push(0x05);
        emitBody(f, funcs, els.slice(1) as Node[], [...labels, imm[0] ?? ""], out);
      }
      out.push(0x0b);
    } else {
      emitBody(f, funcs, kids, labels, out);
      if (op === "br" || op === "br_if") {
        out.push(op === "br" ? 0x0c : 0x0d);
        uleb(label(imm[0]!), out);
      } else if (op === "local.get" || op === "local.set" || op === "local.tee") {
        out.push(op === "local.get" ? 0x20 : op === "local.set" ? 0x21 : 0x22);
        uleb(local(imm[0]!), out);
      } else if (op === "call") {
        const i = funcs.get(imm[0]!);
        if (i === undefined) throw new SyntaxError(`wat: unknown function ${imm[0]}`);
        out.push(0x10);
        uleb(i, out);
      } else if (op === "i32.const") {
        out.push(0x41);
        sleb(Number(imm[0]) | 0, out);
      } else if (op === "f32.const") {
        out.push(0x43);
        out.push(...new Uint8Array(Float32Array.of(Number(imm[0])).buffer));
      } else if (op in MEM) {
        const [pre, code, nat] = MEM[op]!;
        if (pre !== null) out.push(pre);
        if (pre !== null) uleb(code, out);
        else out.push(code);
        let offset = 0;
        let align = nat;
        for (const t of imm) {
          if (t.startsWith("offset=")) offset = Number(t.slice(7));
          else if (t.startsWith("align=")) align = Math.log2(Number(t.slice(6)));
          else throw new SyntaxError(`wat: bad memarg ${t} in ${f.name}`);
        }
        uleb(align, out);
        uleb(offset, out);
      } else if (op in LANE) {
        out.push(0xfd);
        uleb(LANE[op]!, out);
        out.push(Number(imm[0]));
      } else if (op in SIMD) {
        out.push(0xfd);
        uleb(SIMD[op]!, out);
      } else if (op in PLAIN) out.push(PLAIN[op]!);
      else throw new SyntaxError(`wat: unsupported instruction ${op} in ${f.name}`);
    }
  }
}

/** Assembles `(module (func $f (export "f") (param $a i32) ... body))` into a binary module
 * that imports its memory as env.memory. */
export function assembleWat(src: string): Uint8Array {
  const top = parse(tokenize(src));
  const mod = top[0];
  if (!Array.isArray(mod) || mod[0] !== "module") throw new SyntaxError("wat: expected (module ...)");
  const funcs = (mod.slice(1) as Node[][]).map((n) => {
    if (!Array.isArray(n) || n[0] !== "func") throw new SyntaxError(`wat: only func is supported at module level`);
    return readFunc(n);
  });
  const index = new Map(funcs.map((f, i) => [f.name, i]));
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types: number[] = [];
  uleb(funcs.length, types);
  for (const f of funcs) {
    types.push(0x60);
    uleb(f.params.length, types);
    f.params.forEach((p) => types.push(VALTYPE[p]));
    types.push(0x00); // no results: kernels write to memory
  }
  section(1, types, out);
  const imports: number[] = [1];
  str("env", imports);
  str("memory", imports);
  imports.push(0x02, 0x00, 0x01); // memory, limits: min 1 page, no max
  section(2, imports, out);
  const fsec: number[] = [];
  uleb(funcs.length, fsec);
  funcs.forEach((_, i) => uleb(i, fsec));
  section(3, fsec, out);
  const exp: number[] = [];
  const exported = funcs.filter((f) => f.exportName !== null);
  uleb(exported.length, exp);
  for (const f of exported) {
    str(f.exportName!, exp);
    exp.push(0x00);
    uleb(index.get(f.name)!, exp);
  }
  section(7, exp, out);
  const code: number[] = [];
  uleb(funcs.length, code);
  for (const f of funcs) {
    const body: number[] = [];
    uleb(f.locals.length, body);
    f.locals.forEach((l) => {
      body.push(1, VALTYPE[l]);
    });
    emitBody(f, index, f.body, [], body);
    body.push(0x0b);
    uleb(body.length, code);
    code.push(...body);
  }
  section(10, code, out);
  return Uint8Array.from(out);
}
