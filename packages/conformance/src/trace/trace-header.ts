/**
 * Top-level blocks both format versions share: `versions`, `state_slots`, and an object of one
 * parameter's slots (exactly the listed slots: an extra slot is state the runner would silently not check).
 */
import { decodeVector } from './decode-values.js';
import { type JsonNode, child, fail, keysOf, requireArray, requireObject, requireString } from './json-node.js';
import type { TraceDtype, TraceSlots } from './types.js';

export function parseVersions(node: JsonNode): Readonly<Record<string, string>> {
  const expected = 'a non-empty object of version strings';
  requireObject(node, expected);
  const keys = keysOf(node);
  if (keys.length === 0) fail(node, expected);
  const versions: Record<string, string> = {};
  for (const key of keys) versions[key] = requireString(child(node, key), 'a version string');
  return Object.freeze(versions);
}

/** The framework's slot names: unique and non-empty; empty when the optimizer keeps no state. */
export function parseStateSlots(node: JsonNode): readonly string[] {
  const slots: string[] = [];
  for (const element of requireArray(node, 'an array of slot names')) {
    const slot = requireString(element, 'a non-empty slot name');
    if (slot === '') fail(element, 'a non-empty slot name');
    if (slots.includes(slot)) fail(element, 'a slot name not listed before', `the duplicate ${JSON.stringify(slot)}`);
    slots.push(slot);
  }
  return Object.freeze(slots);
}

/** One parameter's state: exactly the listed slots, each a vector of the parameter's length (`what` says where that length comes from). */
export function parseSlots(node: JsonNode, slots: readonly string[], dtype: TraceDtype, length: number, what: string): TraceSlots {
  requireObject(node, 'an object of state slots');
  const extra = keysOf(node).find((key) => !slots.includes(key));
  if (extra !== undefined) fail(child(node, extra), `no key (${JSON.stringify(extra)} is not in state_slots)`);
  const state: Record<string, Float64Array> = {};
  for (const slot of slots) state[slot] = decodeVector(child(node, slot), dtype, length, what);
  return Object.freeze(state);
}
