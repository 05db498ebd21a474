/**
 * What the conformance runner needs from a backend. Each backend package provides one (its
 * `/conformance` entry); the runner loads a trace's values into it, steps it, and reads the result back.
 * This contract lives in the spec so that backends never import the runner: the arrows point one way.
 */
import type { Arith } from '../numerics/arith.js';
import type { Interval } from '../numerics/interval.js';
import type { NumericsProfile, OpAccuracy } from '../numerics/profile.js';
import type { Dtype } from './dtype.js';
import type { OptimizerSpec } from './optimizer-spec.js';

/** Slot values of one parameter, by spec slot name (float64 arrays holding exact values of the dtype). */
export type SlotValues = Readonly<Record<string, Float64Array>>;

/** Named parameter vectors (float64 arrays holding exact values of the dtype), in the model's order. */
export type NamedValues = ReadonlyMap<string, Float64Array>;

export interface SessionSnapshot {
  readonly params: Map<string, Float64Array>;
  readonly state: Map<string, SlotValues>;
}

export interface BackendSession {
  /** Replace params and state (per parameter, per spec slot); `completedSteps` is t after the last step. */
  load(params: NamedValues, state: ReadonlyMap<string, SlotValues>, completedSteps: number): Promise<void>;
  /** One step with these gradients (one per parameter) at learning rate `lr`. */
  step(grads: NamedValues, lr: number): Promise<void>;
  read(): Promise<SessionSnapshot>;
  dispose(): Promise<void>;
}

export interface ConformanceBackend {
  /** CLI name, e.g. `cpu-f32`. */
  readonly name: string;
  /** The device or adapter that will run (recorded in JSON results). */
  describe(): Promise<string>;
  /** Why this backend cannot run traces of this dtype (or at all, here), or null when it can. */
  unsupported(dtype: Dtype): Promise<string | null>;
  /** The backend's own declared per-op accuracy; the runner combines it with the framework's. */
  accuracy(dtype: Dtype): OpAccuracy;
  /**
   * Optional: interval arithmetic for backends whose compiler may reorder or contract operations
   * (WGSL), or that treat subnormals differently from the framework. Default: `intervalArith(dtype,
   * combined accuracy, profile.subnormals)` over the preset's op order.
   */
  intervalArith?(dtype: Dtype, accuracy: OpAccuracy, profile: NumericsProfile): Arith<Interval>;
  open(spec: OptimizerSpec, dtype: Dtype): Promise<BackendSession>;
  /** Release devices etc. after a whole run. */
  close?(): Promise<void>;
}
