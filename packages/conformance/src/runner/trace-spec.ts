/**
 * What the spec says a trace should be: the OptimizerSpec that the trace's framework computes with the
 * trace's own arguments (`fromFrameworkArgs`: config, the preset's numerics profile, compiled program),
 * and the pairing of each slot the program allocates with the framework's name for it.
 */
import { fromFrameworkArgs, frameworkSlotName, type OptimizerSpec } from '@isostep/spec';
import type { GoldenTrace } from '../trace/index.js';

/** A slot the program allocates, with the framework's own name for it (the trace's `state_slots`). */
export interface TraceSlot {
  readonly spec: string;
  readonly framework: string;
}

export interface TraceSpec {
  readonly spec: OptimizerSpec;
  /** The program's slots in canonical order, each with the framework's name for it. */
  readonly slots: readonly TraceSlot[];
}

/** The trace cannot be checked against the spec: its slots differ from the ones the spec allocates. */
export class TraceSpecMismatch extends Error {
  override readonly name = 'TraceSpecMismatch';
}

/** Throws the spec's own error for an unknown framework or a bad argument, TraceSpecMismatch for slots. */
export function traceSpec(trace: GoldenTrace): TraceSpec {
  const c = trace.case;
  const spec = fromFrameworkArgs(c.framework, c.optimizer, c.hyperparameters, c.options);
  const slots = spec.program.slots.map((slot) => ({ spec: slot, framework: frameworkSlotName(spec, slot) }));
  // As sets: the file lists slots in any order, the program in its canonical one.
  const want = slots.map((s) => s.framework).sort();
  const have = [...trace.stateSlots].sort();
  if (want.join(',') !== have.join(',')) {
    throw new TraceSpecMismatch(
      `the spec allocates slots [${want.join(', ')}] for this ${c.framework} ${spec.optimizer.title} config; the trace has [${have.join(', ')}]`,
    );
  }
  return { spec, slots };
}
