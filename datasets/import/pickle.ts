/**
 * The subset of Python's pickle that tensor archives use (protocols 2–5: containers, numbers,
 * strings, memo, persistent ids, and calls of whitelisted globals), interpreted without Python.
 * Nothing is executed: a GLOBAL names a callable only through the caller's `resolve` table, and
 * an unknown one is a DatasetFormat error naming it — never an arbitrary object.
 * Reference: Python's Lib/pickletools.py opcode table (read, not copied).
 */
import { DatasetFormatError } from "../../core/index.js";

/** A Python dict: keys are strings or numbers; insertion order kept. */
export type PyDict = Map<PyKey, PyValue>;
export type PyKey = string | number;
export type PyValue = null | boolean | number | bigint | string | Uint8Array | PyValue[] | PyDict | PyTuple | PyObject;

/** A tuple (kept apart from lists so callers can tell them apart). */
export class PyTuple {
  constructor(readonly items: PyValue[]) {}
}

/** What a resolved global returns or stands for (a storage type, a rebuilt tensor...). */
export class PyObject {
  constructor(
    readonly kind: string,
    readonly value: unknown,
  ) {}
}

export interface PickleHooks {
  /** A callable for `module.name`, or undefined when it is not allowed. */
  resolve(module: string, name: string): ((args: PyValue[]) => PyValue) | PyObject | undefined;
  /** What a persistent id (BINPERSID) stands for. */
  persistentLoad?(pid: PyValue): PyValue;
}

const MARK = Symbol("mark");
type Cell = PyValue | typeof MARK | ((args: PyValue[]) => PyValue);

export function unpickle(bytes: Uint8Array, hooks: PickleHooks, file: string): PyValue {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dec = new TextDecoder();
  const stack: Cell[] = [];
  const memo = new Map<number, Cell>();
  let p = 0;
  const fail = (msg: string): never => {
    throw new DatasetFormatError(`pickle: ${msg} (at byte ${p})`, file);
  };
  const need = (k: number) => {
    if (p + k > bytes.length) fail("truncated");
  };
  const u8 = () => (need(1), bytes[p++]!);
  const u16 = () => (need(2), (p += 2), v.getUint16(p - 2, true));
  const u32 = () => (need(4), (p += 4), v.getUint32(p - 4, true));
  const i32 = () => (need(4), (p += 4), v.getInt32(p - 4, true));
  const take = (k: number) => (need(k), (p += k), bytes.subarray(p - k, p));
  const line = () => {
    const e = bytes.indexOf(0x0a, p);
    if (e < 0) fail("unterminated line");
    const s = dec.decode(bytes.subarray(p, e));
    p = e + 1;
    return s;
  };
  const pop = (): Cell => (stack.length === 0 ? fail("stack underflow") : stack.pop()!);
  const popMark = (): Cell[] => {
    const i = stack.lastIndexOf(MARK);
    if (i < 0) fail("no mark on the stack");
    const items = stack.splice(i);
    items.shift();
    return items;
  };
  const value = (c: Cell, what: string): PyValue => (c === MARK || typeof c === "function" ? fail(`${what} is not a value`) : c);
  const global = (module: string, name: string) => {
    const r = hooks.resolve(module, name);
    if (r === undefined) fail(`refers to ${module}.${name}, which a tensor archive does not need (not loaded)`);
    return r!;
  };
  const setItems = (d: Cell, items: Cell[]) => {
    if (!(d instanceof Map)) fail("SETITEM(S) on a non-dict");
    for (let i = 0; i + 1 < items.length; i += 2) {
      const k = value(items[i]!, "dict key");
      if (typeof k !== "string" && typeof k !== "number") fail(`dict key of type ${typeof k}`);
      (d as PyDict).set(k as PyKey, value(items[i + 1]!, "dict value"));
    }
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: u8(); break; // PROTO
      case 0x95: take(8); break; // FRAME (length only)
      case 0x2e: return value(pop(), "result"); // STOP
      case 0x28: stack.push(MARK); break; // MARK
      case 0x7d: stack.push(new Map()); break; // EMPTY_DICT
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x29: stack.push(new PyTuple([])); break; // EMPTY_TUPLE
      case 0x64: { const d: PyDict = new Map(); setItems(d, popMark()); stack.push(d); break; } // DICT
      case 0x6c: stack.push(popMark().map((c) => value(c, "list item"))); break; // LIST
      case 0x74: stack.push(new PyTuple(popMark().map((c) => value(c, "tuple item")))); break; // TUPLE
      case 0x85: stack.push(new PyTuple([value(pop(), "tuple item")])); break; // TUPLE1
      case 0x86: { const b = value(pop(), "tuple item"); stack.push(new PyTuple([value(pop(), "tuple item"), b])); break; } // TUPLE2
      case 0x87: { const c = value(pop(), "tuple item"); const b = value(pop(), "tuple item"); stack.push(new PyTuple([value(pop(), "tuple item"), b, c])); break; } // TUPLE3
      case 0x71: memo.set(u8(), stack.at(-1)!); break; // BINPUT
      case 0x72: memo.set(u32(), stack.at(-1)!); break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, stack.at(-1)!); break; // MEMOIZE
      case 0x68: case 0x6a: { const k = op === 0x68 ? u8() : u32(); if (!memo.has(k)) fail(`memo ${k} is unset`); stack.push(memo.get(k)!); break; } // BINGET, LONG_BINGET
      case 0x58: stack.push(dec.decode(take(u32()))); break; // BINUNICODE
      case 0x8c: stack.push(dec.decode(take(u8()))); break; // SHORT_BINUNICODE
      case 0x8d: { const n = Number(v.getBigUint64((need(8), (p += 8), p - 8), true)); stack.push(dec.decode(take(n))); break; } // BINUNICODE8
      case 0x54: stack.push(new TextDecoder("latin1").decode(take(i32()))); break; // BINSTRING
      case 0x55: stack.push(new TextDecoder("latin1").decode(take(u8()))); break; // SHORT_BINSTRING
      case 0x42: stack.push(Uint8Array.from(take(u32()))); break; // BINBYTES
      case 0x43: stack.push(Uint8Array.from(take(u8()))); break; // SHORT_BINBYTES
      case 0x4a: stack.push(i32()); break; // BININT
      case 0x4b: stack.push(u8()); break; // BININT1
      case 0x4d: stack.push(u16()); break; // BININT2
      case 0x8a: { // LONG1: little-endian two's complement
        const b = take(u8());
        let x = 0n;
        for (let i = b.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!);
        if (b.length > 0 && b[b.length - 1]! & 0x80) x -= 1n << BigInt(8 * b.length);
        stack.push(x >= BigInt(Number.MIN_SAFE_INTEGER) && x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x);
        break;
      }
      case 0x49: { const s = line(); stack.push(s === "01" ? true : s === "00" ? false : Number(s)); break; } // INT (text)
      case 0x47: stack.push((need(8), (p += 8), v.getFloat64(p - 8, false))); break; // BINFLOAT (big-endian)
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4e: stack.push(null); break; // NONE
      case 0x63: { const module = line(); const name = line(); stack.push(global(module, name) as Cell); break; } // GLOBAL
      case 0x93: { const name = value(pop(), "global name"); const module = value(pop(), "global module"); stack.push(global(String(module), String(name)) as Cell); break; } // STACK_GLOBAL
      case 0x52: case 0x81: { // REDUCE, NEWOBJ
        const args = pop();
        const f = pop();
        if (typeof f !== "function") fail("call of something that is not a known global");
        if (!(args instanceof PyTuple)) fail("call arguments are not a tuple");
        stack.push((f as (a: PyValue[]) => PyValue)((args as PyTuple).items));
        break;
      }
      case 0x62: { // BUILD: state for the object below; containers from known globals take none
        const state = pop();
        const obj = stack.at(-1);
        if (obj instanceof Map && state instanceof Map) for (const [k, x] of state) obj.set(k, x);
        else if (!(state === null || (state instanceof Map && state.size === 0) || (state instanceof PyTuple && state.items.length === 0)))
          fail("BUILD with state on an object that takes none");
        break;
      }
      case 0x73: { const val = pop(); const k = pop(); setItems(stack.at(-1)!, [k, val]); break; } // SETITEM
      case 0x75: { const items = popMark(); setItems(stack.at(-1)!, items); break; } // SETITEMS
      case 0x61: { const x = value(pop(), "list item"); const l = stack.at(-1); if (!Array.isArray(l)) fail("APPEND to a non-list"); (l as PyValue[]).push(x); break; } // APPEND
      case 0x65: { const items = popMark(); const l = stack.at(-1); if (!Array.isArray(l)) fail("APPENDS to a non-list"); (l as PyValue[]).push(...items.map((c) => value(c, "list item"))); break; } // APPENDS
      case 0x51: { // BINPERSID
        if (!hooks.persistentLoad) fail("persistent id without a loader");
        stack.push(hooks.persistentLoad!(value(pop(), "persistent id")));
        break;
      }
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: stack.push(stack.at(-1) ?? fail("DUP on an empty stack")); break; // DUP
      default:
        fail(`opcode 0x${op.toString(16)} is outside the subset tensor archives use`);
    }
  }
}
