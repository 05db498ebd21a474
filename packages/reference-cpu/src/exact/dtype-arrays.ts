/** The typed array that holds each dtype, and how to describe a value that is not one (for errors). */
import type { Dtype, Tensor } from '@isostep/spec';

export function arrayTypeName(dtype: Dtype): string {
  return dtype === 'float32' ? 'Float32Array' : 'Float64Array';
}

export function isOfArrayType(t: unknown, dtype: Dtype): t is Tensor {
  return dtype === 'float32' ? t instanceof Float32Array : t instanceof Float64Array;
}

/** A zeroed tensor of `length` elements of this dtype. */
export function newTensor(dtype: Dtype, length: number): Tensor {
  return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

/** `Float32Array(3)`, `nothing`, `number`: what a message says was found instead of a tensor. */
export function describeTensor(t: unknown): string {
  if (t instanceof Float32Array || t instanceof Float64Array) return `${t.constructor.name}(${t.length})`;
  if (t === undefined) return 'nothing';
  if (t === null) return 'null';
  return typeof t === 'object' ? (t.constructor?.name ?? 'object') : typeof t;
}
