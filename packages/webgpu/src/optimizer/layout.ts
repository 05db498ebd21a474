/**
 * How the named tensors of a model are packed into one flat vector per quantity (params, grads and each
 * slot): in the model's parameter order, back to back. The step is elementwise, so the kernel needs no
 * offsets table: one dispatch over the packed vector steps every tensor.
 */
import { ShapeMismatchError, type NamedTensors } from '@isostep/spec';

export interface TensorRange {
  readonly name: string;
  readonly offset: number;
  readonly length: number;
}

export interface PackedLayout {
  readonly ranges: readonly TensorRange[];
  readonly total: number;
}

export function layoutOf(params: NamedTensors): PackedLayout {
  const ranges: TensorRange[] = [];
  let total = 0;
  for (const [name, t] of params) {
    if (!(t instanceof Float32Array)) {
      throw new ShapeMismatchError(`params["${name}"]`, 'Float32Array (WGSL has no f64)', describe(t));
    }
    ranges.push({ name, offset: total, length: t.length });
    total += t.length;
  }
  if (total === 0) throw new ShapeMismatchError('params', 'at least one element', '0 elements');
  return { ranges, total };
}

function describe(t: unknown): string {
  if (ArrayBuffer.isView(t)) return `${t.constructor.name}(${(t as Float32Array).length})`;
  return t === undefined ? 'nothing' : typeof t;
}

/**
 * Checks a set of tensors (gradients, or a slot) against the layout: the same names, each a Float32Array
 * of the parameter's length. Runs before anything is written or dispatched.
 */
export function checkAgainstLayout(layout: PackedLayout, tensors: NamedTensors, what: string): void {
  for (const name of tensors.keys()) {
    if (!layout.ranges.some((r) => r.name === name)) {
      throw new ShapeMismatchError(`${what}["${name}"]`, 'a tensor for a known parameter', 'no such parameter');
    }
  }
  for (const r of layout.ranges) {
    const t = tensors.get(r.name);
    if (!(t instanceof Float32Array) || t.length !== r.length) {
      throw new ShapeMismatchError(`${what}["${r.name}"]`, `Float32Array(${r.length})`, describe(t));
    }
  }
}

export function pack(layout: PackedLayout, tensors: NamedTensors): Float32Array<ArrayBuffer> {
  const out = new Float32Array(layout.total);
  for (const r of layout.ranges) out.set(tensors.get(r.name)!, r.offset);
  return out;
}

export function unpack(layout: PackedLayout, flat: Float32Array): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const r of layout.ranges) out.set(r.name, flat.slice(r.offset, r.offset + r.length));
  return out;
}
