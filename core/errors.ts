/**
 * Tagged errors. Every error the library throws on purpose is a `PdesError` with a `tag`, so
 * callers (and the CLI) can branch on the kind without string matching. The message names the
 * argument and the offending value. Pattern after zarrita's errors.ts.
 */

export type ErrorTag =
  | "InvalidArgument"
  | "ShapeMismatch"
  | "Unsupported"
  | "DatasetFormat"
  | "NotConverged"
  | "NonFinite"
  | "Io";

export class PdesError extends Error {
  readonly tag: ErrorTag;
  constructor(tag: ErrorTag, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.tag = tag;
    this.name = tag + "Error";
  }
}

/** An argument has a value outside what the function accepts. */
export class InvalidArgumentError extends PdesError {
  readonly argument: string;
  constructor(argument: string, value: unknown, expected: string) {
    super("InvalidArgument", `${argument} ${expected}, got ${describe(value)}`);
    this.argument = argument;
  }
}

/** Two shapes that must agree do not. */
export class ShapeMismatchError extends PdesError {
  readonly argument: string;
  constructor(argument: string, got: readonly number[] | number, expected: readonly number[] | number | string) {
    super(
      "ShapeMismatch",
      `${argument} has shape ${fmtShape(got)}, expected ${typeof expected === "string" ? expected : fmtShape(expected)}`,
    );
    this.argument = argument;
  }
}

/** A valid request this build cannot serve (a transform length, a boundary condition, ...). */
export class UnsupportedError extends PdesError {
  constructor(message: string) {
    super("Unsupported", message);
  }
}

/** A stored dataset, model or checkpoint is malformed or incomplete. */
export class DatasetFormatError extends PdesError {
  readonly path: string | undefined;
  constructor(message: string, path?: string, options?: { cause?: unknown }) {
    super("DatasetFormat", path === undefined ? message : `${path}: ${message}`, options);
    this.path = path;
  }
}

/** An iterative method that was required to converge did not. */
export class NotConvergedError extends PdesError {
  constructor(message: string) {
    super("NotConverged", message);
  }
}

/** NaN or ±Inf where finite numbers are required (inputs, losses). */
export class NonFiniteError extends PdesError {
  readonly argument: string;
  constructor(argument: string, index: number, value: number) {
    super("NonFinite", `${argument} contains ${value} at flat index ${index}; all values must be finite`);
    this.argument = argument;
  }
}

/** File-system level failure with the path involved. */
export class IoError extends PdesError {
  readonly path: string;
  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super("Io", `${path}: ${message}`, options);
    this.path = path;
  }
}

/** Type guard: is `e` one of ours, optionally of a given tag? */
export function isPdesError(e: unknown, tag?: ErrorTag): e is PdesError {
  return e instanceof PdesError && (tag === undefined || e.tag === tag);
}

function fmtShape(s: readonly number[] | number): string {
  return typeof s === "number" ? String(s) : `[${s.join(", ")}]`;
}

function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean" || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `[${v.map(describe).join(", ")}]`;
  try {
    const s = JSON.stringify(v);
    return s.length > 120 ? s.slice(0, 117) + "..." : s;
  } catch {
    return Object.prototype.toString.call(v);
  }
}
