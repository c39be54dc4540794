/**
 * A minimal zip reader for the archives the importers meet (torch `.pt` files, numpy `.npz`):
 * the central directory (zip64 included), stored and deflated entries, CRC-32 checked. The
 * whole file is read into memory.
 */
import { readFileSync } from "node:fs";
import { crc32, inflateRawSync } from "node:zlib";
import { DatasetFormatError } from "../../core/index.js";

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly crc: number;
  readonly localOffset: number;
}

export interface ZipArchive {
  readonly file: string;
  readonly entries: ReadonlyMap<string, ZipEntry>;
  /** The bytes of an entry (inflated, CRC checked). */
  read(name: string): Uint8Array;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export function openZip(file: string, bytes: Uint8Array = readFileSync(file)): ZipArchive {
  const fail = (what: string): never => {
    throw new DatasetFormatError(`not a readable zip archive (${what})`, file);
  };
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let p = bytes.length - 22; p >= Math.max(0, bytes.length - 22 - 65535); p--) {
    if (v.getUint32(p, true) === EOCD) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) fail("no end-of-central-directory record; truncated?");
  let count = v.getUint16(eocd + 10, true);
  let cdOffset = v.getUint32(eocd + 16, true);
  if ((count === 0xffff || cdOffset === 0xffffffff) && eocd >= 20 && v.getUint32(eocd - 20, true) === EOCD64_LOCATOR) {
    const p64 = Number(v.getBigUint64(eocd - 20 + 8, true));
    if (p64 + 56 > bytes.length || v.getUint32(p64, true) !== EOCD64) fail("bad zip64 end record");
    count = Number(v.getBigUint64(p64 + 32, true));
    cdOffset = Number(v.getBigUint64(p64 + 48, true));
  }
  const entries = new Map<string, ZipEntry>();
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || v.getUint32(p, true) !== CENTRAL) fail(`central directory entry ${i} is damaged`);
    const method = v.getUint16(p + 10, true);
    const crc = v.getUint32(p + 16, true);
    let compressedSize = v.getUint32(p + 20, true);
    let size = v.getUint32(p + 24, true);
    const nameLen = v.getUint16(p + 28, true);
    const extraLen = v.getUint16(p + 30, true);
    const commentLen = v.getUint16(p + 32, true);
    let localOffset = v.getUint32(p + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLen));
    // zip64 extra field: the 64-bit values of the fields saturated at 0xFFFFFFFF, in order.
    for (let e = p + 46 + nameLen; e + 4 <= p + 46 + nameLen + extraLen; ) {
      const id = v.getUint16(e, true);
      const len = v.getUint16(e + 2, true);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff) (size = Number(v.getBigUint64(q, true))), (q += 8);
        if (compressedSize === 0xffffffff) (compressedSize = Number(v.getBigUint64(q, true))), (q += 8);
        if (localOffset === 0xffffffff) localOffset = Number(v.getBigUint64(q, true));
      }
      e += 4 + len;
    }
    entries.set(name, { name, method, compressedSize, size, crc, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return {
    file,
    entries,
    read(name: string): Uint8Array {
      const e = entries.get(name);
      if (!e) throw new DatasetFormatError(`zip archive has no entry ${JSON.stringify(name)}`, file);
      const lo = e.localOffset;
      if (lo + 30 > bytes.length || v.getUint32(lo, true) !== LOCAL) fail(`local header of ${name} is damaged`);
      const start = lo + 30 + v.getUint16(lo + 26, true) + v.getUint16(lo + 28, true);
      const raw = bytes.subarray(start, start + e.compressedSize);
      if (raw.length !== e.compressedSize) fail(`entry ${name} is truncated`);
      let out: Uint8Array;
      if (e.method === 0) out = raw;
      else if (e.method === 8) {
        try {
          out = new Uint8Array(inflateRawSync(raw));
        } catch (err) {
          throw new DatasetFormatError(`entry ${name} does not inflate (${(err as Error).message})`, file);
        }
      } else throw new DatasetFormatError(`entry ${name} uses zip compression method ${e.method} (only stored and deflate are read)`, file);
      if (out.length !== e.size) fail(`entry ${name} has ${out.length} bytes, the directory says ${e.size}`);
      if (crc32(out) !== e.crc) throw new DatasetFormatError(`entry ${name} fails its CRC-32 check (corrupt file)`, file);
      return out;
    },
  };
}
