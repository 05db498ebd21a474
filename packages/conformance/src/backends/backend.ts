/**
 * What the conformance runner needs from a backend. Each backend package (reference-cpu, tfjs-adapter,
 * webgpu) provides one; the runner loads a trace's values into it, steps it, and reads the result back.
 */
import type { Arith, Dtype, Interval, NumericsProfile, OpAccuracy, RmspropConfig, SlotName } from '@isostep/spec';

/** Slot values by spec slot name (float64 arrays holding exact values of the dtype). */
export type SlotValues = Partial<Record<SlotName, Float64Array>>;

export interface BackendSession {
  /** Replace params and state; `completedSteps` is t after the last step the state reflects. */
  load(params: Float64Array, state: SlotValues, completedSteps: number): Promise<void>;
  /** One step with this gradient. */
  step(grad: Float64Array): Promise<void>;
  read(): Promise<{ params: Float64Array; state: SlotValues }>;
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
  open(config: RmspropConfig, profile: NumericsProfile, dtype: Dtype, length: number): Promise<BackendSession>;
  /** Release devices etc. after a whole run. */
  close?(): Promise<void>;
}
