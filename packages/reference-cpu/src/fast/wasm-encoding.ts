/**
 * Just enough of the WebAssembly binary format to emit one module: an imported shared memory and one
 * exported function. Hand-assembled so the fast path needs no toolchain (no emscripten, rust or wabt):
 * the kernel is generated at runtime from the step graph of the optimizer's config.
 *
 * Opcodes: WebAssembly core spec 2.0, §5.4 (instructions) and the fixed-width SIMD proposal's table
 * (merged into 2.0). Only those used are listed.
 */

export function uleb(n: number): number[] {
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`uleb: ${n} is not an unsigned integer`);
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

export function sleb(n: number): number[] {
  if (!Number.isInteger(n)) throw new RangeError(`sleb: ${n} is not an integer`);
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n = Math.floor(n / 128);
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

export const TYPE = { i32: 0x7f, f32: 0x7d, v128: 0x7b, func: 0x60, blockEmpty: 0x40 } as const;

export const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  i32Load: 0x28,
  f32Load: 0x2a,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32GtU: 0x4b,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Shl: 0x74,
} as const;

/** SIMD opcodes (after the 0xfd prefix). */
export const SIMD = {
  v128Load: 0x00,
  v128Store: 0x0b,
  v128Load32Splat: 0x09,
  v128Load64Splat: 0x0a,
  v128Const: 0x0c,
  i8x16Shuffle: 0x0d,
  f32x4Splat: 0x13,
  i32x4GtS: 0x3b,
  i32x4LeU: 0x3e,
  i32x4GeU: 0x40,
  f32x4Ne: 0x42,
  f32x4Lt: 0x43,
  f64x2Eq: 0x47,
  f64x2Lt: 0x49,
  f64x2Gt: 0x4a,
  v128And: 0x4e,
  v128Or: 0x50,
  v128Xor: 0x51,
  v128Bitselect: 0x52,
  v128AnyTrue: 0x53,
  f32x4DemoteF64x2Zero: 0x5e,
  f64x2PromoteLowF32x4: 0x5f,
  i32x4AllTrue: 0xa3,
  i32x4Sub: 0xb1,
  i32x4MinU: 0xb7,
  i32x4MaxU: 0xb9,
  i64x2Shl: 0xcb,
  i64x2ShrS: 0xcc,
  i64x2Add: 0xce,
  i64x2Eq: 0xd6,
  i64x2GtS: 0xd9,
  f32x4Abs: 0xe0,
  f32x4Neg: 0xe1,
  f32x4Sqrt: 0xe3,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  f32x4Max: 0xe9,
  f64x2Neg: 0xed,
  f64x2Sqrt: 0xef,
  f64x2Add: 0xf0,
  f64x2Sub: 0xf1,
  f64x2Mul: 0xf2,
  f64x2Div: 0xf3,
  f64x2Max: 0xf5,
  // Relaxed SIMD (a·b + c, fused or not at the host's choice: see madd-probe.ts).
  f32x4RelaxedMadd: 0x105,
  f64x2RelaxedMadd: 0x107,
} as const;

export function simd(op: number): number[] {
  return [0xfd, ...uleb(op)];
}

/** memarg: alignment (log2 bytes) and offset. */
export function memarg(alignLog2: number, offset = 0): number[] {
  return [...uleb(alignLog2), ...uleb(offset)];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function str(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
}

export interface FunctionSpec {
  readonly params: readonly number[];
  /** Local declarations beyond the params: [count, type]. */
  readonly locals: readonly (readonly [number, number])[];
  /** The body, without the final `end`. */
  readonly body: readonly number[];
  readonly exportName: string;
}

/** A module importing `env.memory` (shared, in 64 KiB pages) and exporting one function. */
export function assembleModule(memory: { readonly minPages: number; readonly maxPages: number }, fn: FunctionSpec): Uint8Array<ArrayBuffer> {
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types = section(1, vec([[TYPE.func, ...vec(fn.params.map((t) => [t])), ...vec([])]]));
  // Limits flag 0x03: shared memory with a maximum (threads proposal).
  const imports = section(2, vec([[...str('env'), ...str('memory'), 0x02, 0x03, ...uleb(memory.minPages), ...uleb(memory.maxPages)]]));
  const functions = section(3, vec([uleb(0)]));
  const exports = section(7, vec([[...str(fn.exportName), 0x00, ...uleb(0)]]));
  const locals = vec(fn.locals.map(([count, type]) => [...uleb(count), type]));
  const code = [...locals, ...fn.body, OP.end];
  const codeSection = section(10, vec([[...uleb(code.length), ...code]]));
  return new Uint8Array([...magic, ...types, ...imports, ...functions, ...exports, ...codeSection]);
}
