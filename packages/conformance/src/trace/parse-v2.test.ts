import { optimizerNames } from '@isostep/spec';
import { describe, expect, it } from 'vitest';
import { parseTrace } from './parse-trace.js';
import { TraceFormatError } from './trace-format-error.js';

const FILE = 'traces/torch_two_tensors.json';

type Json = ReturnType<typeof JSON.parse>;

const W = (k: number): number[] => [0.5, -1, 2, 0.25, -0.75, 3].map((x) => x + k);
const B = (k: number): number[] => [0, 0.1, -0.1].map((x) => x + k);

/**
 * A small valid v2 trace: torch RMSprop with momentum on `w` [2, 3] and `b` [3], 2 steps, recorded lr.
 * Values are arbitrary but well-formed (the reader checks form, not arithmetic).
 */
function validTrace(): Json {
  const slots = (k: number) => ({
    w: { square_avg: W(k), momentum_buffer: W(-k) },
    b: { square_avg: B(k), momentum_buffer: B(-k) },
  });
  return {
    format: 'isostep-golden/2',
    case: {
      name: 'torch_two_tensors',
      framework: 'torch',
      optimizer: 'rmsprop',
      dtype: 'float32',
      hyperparameters: { lr: 0.01, alpha: 0.9, eps: 1e-8, momentum: 0.9 },
      options: { foreach: false },
      params: [
        { name: 'w', shape: [2, 3], init: W(0) },
        { name: 'b', shape: [3], init: B(0) },
      ],
      gradient: { kind: 'quadratic', coeffs: { w: W(1), b: B(1) } },
      lr_schedule: 'recorded',
      steps: 2,
    },
    versions: { torch: '2.13.0+cpu', python: '3.11.7' },
    state_slots: ['square_avg', 'momentum_buffer'],
    initial_state: slots(0),
    steps: [1, 2].map((step) => ({
      step,
      lr: 0.01 * step,
      grads: { w: W(step), b: B(step) },
      params: { w: W(-step), b: B(-step) },
      state: slots(step),
    })),
  };
}

function text(trace: Json): string {
  return JSON.stringify(trace, null, 2);
}

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the parser to throw');
}

function parseDamaged(damage: (trace: Json) => void): TraceFormatError {
  const trace = validTrace();
  damage(trace);
  const error = catchError(() => parseTrace(text(trace), FILE));
  expect(TraceFormatError.isInstance(error)).toBe(true);
  return error as TraceFormatError;
}

/** Renames parameter `from` everywhere it is a key (case, coeffs, initial state, every step). */
function renameParam(t: Json, from: string, to: string): void {
  const rename = (o: Record<string, unknown>) => {
    o[to] = o[from];
    delete o[from];
  };
  t.case.params.find((p: { name: string }) => p.name === from).name = to;
  rename(t.case.gradient.coeffs);
  rename(t.initial_state);
  for (const s of t.steps) for (const key of ['grads', 'params', 'state']) rename(s[key]);
}

describe('parseTrace on a valid isostep-golden/2 trace', () => {
  it('reads every field', () => {
    const trace = parseTrace(text(validTrace()), FILE);
    expect(trace.file).toBe(FILE);
    expect(trace.format).toBe('isostep-golden/2');
    expect(trace.case).toMatchObject({
      name: 'torch_two_tensors',
      framework: 'torch',
      optimizer: 'rmsprop',
      dtype: 'float32',
      hyperparameters: { lr: 0.01, alpha: 0.9, eps: 1e-8, momentum: 0.9 },
      options: { foreach: false },
      lrSchedule: 'recorded',
      steps: 2,
    });
    expect(trace.case.params.map((p) => [p.name, p.shape, Array.from(p.init)])).toEqual([
      ['w', [2, 3], W(0)],
      ['b', [3], B(0).map(Math.fround)],
    ]);
    expect(trace.versions).toEqual({ torch: '2.13.0+cpu', python: '3.11.7' });
    expect(trace.stateSlots).toEqual(['square_avg', 'momentum_buffer']);
    expect(Array.from(trace.initialState.get('b')!.momentum_buffer!)).toEqual(B(0).map(Math.fround));
    expect(trace.steps.map((s) => s.lr)).toEqual([0.01, 0.02]);
    const second = trace.steps[1]!;
    expect(Array.from(second.grads.get('w')!)).toEqual(W(2));
    expect(Array.from(second.params.get('b')!)).toEqual(B(-2).map(Math.fround));
    expect(Array.from(second.state.get('w')!.square_avg!)).toEqual(W(2));
    if (trace.case.gradient.kind !== 'quadratic') throw new Error('expected a quadratic gradient');
    expect(Array.from(trace.case.gradient.coeffs.get('b')!)).toEqual(B(1).map(Math.fround));
  });

  it('keeps the recorded lr as written (a double), not rounded to the dtype', () => {
    const trace = validTrace();
    trace.steps[0].lr = 0.1;
    expect(parseTrace(text(trace), FILE).steps[0]!.lr).toBe(0.1);
  });

  it('orders every per-parameter map as case.params, whatever the key order in the file', () => {
    const trace = validTrace();
    const { w, b } = trace.steps[0].grads;
    trace.steps[0].grads = { b, w };
    trace.initial_state = { b: trace.initial_state.b, w: trace.initial_state.w };
    const parsed = parseTrace(text(trace), FILE);
    expect([...parsed.steps[0]!.grads.keys()]).toEqual(['w', 'b']);
    expect([...parsed.initialState.keys()]).toEqual(['w', 'b']);
  });

  it('reads a constant schedule (no lr in the steps), a list gradient, a scalar and array hyperparameters', () => {
    const trace = validTrace();
    trace.case.lr_schedule = 'constant';
    for (const s of trace.steps) delete s.lr;
    trace.case.gradient = { kind: 'list' };
    trace.case.hyperparameters.betas = [0.9, 0.999];
    trace.case.params[1] = { name: 'b', shape: [], init: [0.5] };
    for (const s of [trace.initial_state, ...trace.steps.map((x: Json) => x.state)]) s.b = { square_avg: [0], momentum_buffer: [1] };
    for (const s of trace.steps) s.grads.b = s.params.b = [2];
    const parsed = parseTrace(text(trace), FILE);
    expect(parsed.case.lrSchedule).toBe('constant');
    expect(parsed.steps.map((s) => s.lr)).toEqual([null, null]);
    expect(parsed.case.gradient).toEqual({ kind: 'list', values: null });
    expect(parsed.case.hyperparameters.betas).toEqual([0.9, 0.999]);
    expect(parsed.case.params[1]!.shape).toEqual([]);
    expect(Array.from(parsed.steps[1]!.grads.get('b')!)).toEqual([2]);
  });

  it('accepts any non-empty parameter name, and unknown keys in fixed-shape objects', () => {
    const trace = validTrace();
    renameParam(trace, 'w', '0.weight');
    trace.provenance = { generator: 'my-training-run.py' };
    trace.case.params[0].dtype_note = 'ignored';
    trace.steps[0].loss = 1.25;
    const parsed = parseTrace(text(trace), FILE);
    expect(parsed.case.params.map((p) => p.name)).toEqual(['0.weight', 'b']);
    expect(parsed.steps[0]!.params.has('0.weight')).toBe(true);
  });
});

describe('parseTrace rejects damaged isostep-golden/2 traces with the JSON path', () => {
  const table: [label: string, damage: (trace: Json) => void, jsonPath: string][] = [
    ['unknown format version', (t) => (t.format = 'isostep-golden/3'), '$.format'],
    ['unknown optimizer', (t) => (t.case.optimizer = 'adamax'), '$.case.optimizer'],
    ['missing optimizer', (t) => delete t.case.optimizer, '$.case.optimizer'],
    ['optimizer not a string', (t) => (t.case.optimizer = ['rmsprop']), '$.case.optimizer'],
    ['init length differs from the shape', (t) => t.case.params[0].init.pop(), '$.case.params[0].init'],
    ['shape product differs from the init length', (t) => (t.case.params[1].shape = [2, 2]), '$.case.params[1].init'],
    ['zero dimension', (t) => (t.case.params[0].shape = [2, 0]), '$.case.params[0].shape[1]'],
    ['fractional dimension', (t) => (t.case.params[0].shape = [1.5, 4]), '$.case.params[0].shape[0]'],
    ['shape not an array', (t) => (t.case.params[1].shape = 3), '$.case.params[1].shape'],
    ['no params', (t) => (t.case.params = []), '$.case.params'],
    ['params not an array', (t) => (t.case.params = { w: [1] }), '$.case.params'],
    ['param not an object', (t) => (t.case.params[1] = [0, 0.1, -0.1]), '$.case.params[1]'],
    ['duplicate param names', (t) => (t.case.params[1].name = 'w'), '$.case.params[1].name'],
    ['empty param name', (t) => (t.case.params[0].name = ''), '$.case.params[0].name'],
    ['param name not a string', (t) => (t.case.params[0].name = 0), '$.case.params[0].name'],
    ['missing param in a step\'s grads', (t) => delete t.steps[1].grads.b, '$.steps[1].grads.b'],
    ['missing param in a step\'s params', (t) => delete t.steps[0].params.w, '$.steps[0].params.w'],
    ['extra param in a step\'s params', (t) => (t.steps[0].params.c = [0]), '$.steps[0].params.c'],
    ['grads not keyed by name', (t) => (t.steps[0].grads = [W(1), B(1)]), '$.steps[0].grads'],
    ['grad length differs from the shape', (t) => t.steps[0].grads.w.pop(), '$.steps[0].grads.w'],
    ['params length differs from the shape', (t) => t.steps[1].params.b.push(0), '$.steps[1].params.b'],
    ['slot length differs from the shape', (t) => t.steps[1].state.b.square_avg.push(0), '$.steps[1].state.b.square_avg'],
    ['missing param in a step\'s state', (t) => delete t.steps[0].state.w, '$.steps[0].state.w'],
    ['missing slot of one param', (t) => delete t.steps[0].state.b.momentum_buffer, '$.steps[0].state.b.momentum_buffer'],
    ['extra slot of one param', (t) => (t.initial_state.w.extra = W(0)), '$.initial_state.w.extra'],
    ['missing param in initial_state', (t) => delete t.initial_state.b, '$.initial_state.b'],
    ['param "constructor" listed but absent', (t) => t.case.params.push({ name: 'constructor', shape: [1], init: [0] }), '$.case.gradient.coeffs.constructor'],
    ['non-identifier name missing in a step', (t) => (renameParam(t, 'w', '0.weight'), delete t.steps[0].grads['0.weight']), '$.steps[0].grads["0.weight"]'],
    ['missing lr with a recorded schedule', (t) => delete t.steps[1].lr, '$.steps[1].lr'],
    ['lr a string', (t) => (t.steps[0].lr = '0.01'), '$.steps[0].lr'],
    ['lr negative', (t) => (t.steps[0].lr = -0.01), '$.steps[0].lr'],
    ['lr "NaN"', (t) => (t.steps[1].lr = 'NaN'), '$.steps[1].lr'],
    ['lr in a step of a constant schedule', (t) => (t.case.lr_schedule = 'constant'), '$.steps[0].lr'],
    ['missing lr_schedule', (t) => delete t.case.lr_schedule, '$.case.lr_schedule'],
    ['unknown lr_schedule', (t) => (t.case.lr_schedule = 'cosine'), '$.case.lr_schedule'],
    ['quadratic coeffs missing a param', (t) => delete t.case.gradient.coeffs.b, '$.case.gradient.coeffs.b'],
    ['quadratic coeffs length differs', (t) => t.case.gradient.coeffs.w.push(1), '$.case.gradient.coeffs.w'],
    ['unknown gradient kind', (t) => (t.case.gradient = { kind: 'linear' }), '$.case.gradient.kind'],
    ['hyperparameter array with a string', (t) => (t.case.hyperparameters.betas = [0.9, '0.999']), '$.case.hyperparameters.betas[1]'],
    ['hyperparameter nested array', (t) => (t.case.hyperparameters.betas = [[0.9], 0.999]), '$.case.hyperparameters.betas[0]'],
    ['hyperparameter object', (t) => (t.case.hyperparameters.lr = { value: 0.01 }), '$.case.hyperparameters.lr'],
    ['steps shorter than case.steps', (t) => t.steps.pop(), '$.steps'],
    ['step numbering wrong', (t) => (t.steps[1].step = 1), '$.steps[1].step'],
    ['tfjs float64', (t) => Object.assign(t.case, { framework: 'tfjs', dtype: 'float64' }), '$.case.dtype'],
    ['a v1 field instead of params', (t) => (delete t.case.params, (t.case.init_params = W(0))), '$.case.params'],
  ];

  it.each(table)('%s', (_label, damage, jsonPath) => {
    const { jsonPath: found, message, file } = parseDamaged(damage);
    expect(found).toBe(jsonPath);
    expect(file).toBe(FILE);
    expect(message.startsWith(`${FILE}: ${jsonPath}: expected `)).toBe(true);
  });

  it('says what was expected and what was found', () => {
    const length = parseDamaged((t) => t.steps[0].grads.w.pop());
    expect(length.expected).toBe('an array of 6 numbers (the length of parameter "w", shape [2, 3])');
    expect(length.found).toBe('an array of 5 elements');
    const duplicate = parseDamaged((t) => (t.case.params[1].name = 'w'));
    expect(duplicate.found).toBe('the duplicate "w"');
    const lr = parseDamaged((t) => delete t.steps[1].lr);
    expect(lr.expected).toBe('a finite number >= 0 (the learning rate this step used; case.lr_schedule is "recorded")');
    expect(lr.found).toBe('nothing (the key is missing)');
    const optimizer = parseDamaged((t) => (t.case.optimizer = 'adamax'));
    expect(optimizer.expected).toBe(`one of ${optimizerNames().map((n) => `"${n}"`).join(', ')} (the optimizers the spec knows)`);
    expect(optimizer.expected).toContain('"rmsprop"');
    expect(optimizer.found).toBe('the string "adamax"');
    const format = parseDamaged((t) => (t.format = 'isostep-golden/3'));
    expect(format.expected).toBe('"isostep-golden/2" or "isostep-golden-rmsprop/1"');
  });
});
