/**
 * What the spec says a trace should be: the OptimizerSpec that the trace's framework computes with the
 * trace's own arguments (`fromFrameworkArgs`: config, the preset's numerics profile, compiled program),
 * checked in the trace's dtype (`checkConfigInDtype`), and the pairing of each slot the program allocates
 * with the framework's name for it.
 *
 * A trace the spec refuses is a file with a wrong value in it, so every refusal here is a
 * TraceFormatError like the reader's: the file, the JSON path of the argument the framework calls it
 * (`$.case.hyperparameters.alpha`, not the spec's `rho`), what is allowed and what was found; the spec's
 * own error is its `cause`.
 */
import {
  FrameworkArgumentError,
  InvalidConfigError,
  UnknownFrameworkError,
  checkConfigInDtype,
  frameworkSlotName,
  fromTraceArgs,
  type OptimizerSpec,
} from '@isostep/spec';
import { child, describeJson, rootNode, type JsonNode } from '../trace/json-node.js';
import { TraceFormatError } from '../trace/trace-format-error.js';
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

/**
 * The trace cannot be checked against the spec: its slots differ from the ones the spec allocates.
 * A TraceFormatError at `$.state_slots` (so `TraceFormatError.isInstance` is true), kept as its own
 * class for callers that tell the two apart.
 */
export class TraceSpecMismatch extends TraceFormatError {
  override readonly name: string = 'TraceSpecMismatch';
}

/** The node of the trace's `case` object, rebuilt from the parsed trace for error paths. */
function caseNode(trace: GoldenTrace): JsonNode {
  const c = trace.case;
  return child(rootNode(trace.file, { case: { framework: c.framework, hyperparameters: c.hyperparameters, options: c.options } }), 'case');
}

/** Where in the file the framework argument `name` was written: hyperparameters, else options, else the hyperparameters object. */
function argumentNode(trace: GoldenTrace, name: unknown): JsonNode {
  const c = caseNode(trace);
  const hp = child(c, 'hyperparameters');
  if (typeof name === 'string') {
    if (Object.hasOwn(trace.case.hyperparameters, name)) return child(hp, name);
    if (Object.hasOwn(trace.case.options, name)) return child(child(c, 'options'), name);
  }
  // A default (the argument is not in the file) that another argument made invalid: the arguments as a whole.
  return hp;
}

/** The spec's refusal of a trace's case, as a TraceFormatError naming the file and JSON path. */
function asFormatError(trace: GoldenTrace, e: unknown): unknown {
  if (e instanceof UnknownFrameworkError) {
    const node = child(caseNode(trace), 'framework');
    return new TraceFormatError({ file: trace.file, jsonPath: node.path, expected: `a framework the spec maps for ${e.optimizer} (${e.known.join(', ')})`, found: describeJson(node.value) }, { cause: e });
  }
  if (e instanceof FrameworkArgumentError || e instanceof InvalidConfigError) {
    const name = e instanceof FrameworkArgumentError ? e.argument : e.field;
    const node = argumentNode(trace, name);
    const found = node.value === trace.case.hyperparameters ? `${name} = ${describeJson(e.value)}` : describeJson(node.value);
    return new TraceFormatError({ file: trace.file, jsonPath: node.path, expected: `${e.allowed} (${trace.case.framework} ${name})`, found }, { cause: e });
  }
  return e;
}

/** The trace's spec, or a TraceFormatError (file + JSON path) for an unknown framework, a bad argument or other slots. */
export function traceSpec(trace: GoldenTrace): TraceSpec {
  const c = trace.case;
  let spec: OptimizerSpec;
  try {
    // A framework's own arguments, or (framework `isostep`) a preset named in options with spec field names.
    spec = fromTraceArgs(c.framework, c.optimizer, c.hyperparameters, c.options);
    // The trace's values are of its dtype; so are the hyperparameters the framework computed with.
    checkConfigInDtype(spec, c.dtype);
  } catch (e) {
    throw asFormatError(trace, e);
  }
  const slots = spec.program.slots.map((slot) => ({ spec: slot, framework: frameworkSlotName(spec, slot) }));
  // As sets: the file lists slots in any order, the program in its canonical one.
  const want = slots.map((s) => s.framework).sort();
  const have = [...trace.stateSlots].sort();
  if (want.join(',') !== have.join(',')) {
    throw new TraceSpecMismatch({
      file: trace.file,
      jsonPath: '$.state_slots',
      expected: `the slots [${want.join(', ')}] that the spec allocates for this ${c.framework} ${spec.optimizer.title} config`,
      found: `[${have.join(', ')}]`,
    });
  }
  return { spec, slots };
}
