/**
 * A value inside parsed JSON together with its address, so every check can report exactly where
 * it failed. The helpers here narrow a node's type or throw a TraceFormatError naming the path.
 */
import { TraceFormatError } from './trace-format-error.js';

export interface JsonNode {
  readonly file: string;
  /** JSON path in the `$.a.b[3]` style. */
  readonly path: string;
  /** `undefined` means the key was absent (JSON itself has no undefined). */
  readonly value: unknown;
}

export type JsonObject = Readonly<Record<string, unknown>>;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function rootNode(file: string, value: unknown): JsonNode {
  return { file, path: '$', value };
}

export function fail(node: JsonNode, expected: string, found: string = describeJson(node.value)): never {
  throw new TraceFormatError({ file: node.file, jsonPath: node.path, expected, found });
}

/** A short description of a JSON value for the `found` part of an error. */
export function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing (the key is missing)';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number') return `the number ${String(value)}`;
  if (typeof value === 'boolean') return `the boolean ${String(value)}`;
  if (Array.isArray(value)) return `an array of ${value.length} element${value.length === 1 ? '' : 's'}`;
  return 'an object';
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The node for `key` of an object node; its value is undefined when the key is absent. */
export function child(node: JsonNode, key: string): JsonNode {
  const object = requireObject(node);
  // Object.hasOwn, not `in`: a slot named "constructor" must not find Object.prototype.constructor.
  const value = Object.hasOwn(object, key) ? object[key] : undefined;
  const step = IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  return { file: node.file, path: `${node.path}${step}`, value };
}

export function requireObject(node: JsonNode, expected = 'an object'): JsonObject {
  if (!isJsonObject(node.value)) fail(node, expected);
  return node.value;
}

/** The element nodes of an array node. */
export function requireArray(node: JsonNode, expected = 'an array'): JsonNode[] {
  if (!Array.isArray(node.value)) fail(node, expected);
  return node.value.map((value: unknown, index) => ({ file: node.file, path: `${node.path}[${index}]`, value }));
}

export function requireString(node: JsonNode, expected = 'a string'): string {
  if (typeof node.value !== 'string') fail(node, expected);
  return node.value;
}

export function requirePositiveInteger(node: JsonNode): number {
  const { value } = node;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) fail(node, 'a positive integer');
  return value;
}

/** The own keys of an object node, in file order. */
export function keysOf(node: JsonNode): string[] {
  return Object.keys(requireObject(node));
}
