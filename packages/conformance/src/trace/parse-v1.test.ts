import { describe, expect, it } from 'vitest';
import { parseTrace } from './parse-trace.js';
import { TraceFormatError } from './trace-format-error.js';

const FILE = 'golden/torch/centered.json';

type Json = ReturnType<typeof JSON.parse>;

/** A small valid float32 torch trace: 3 params, 3 steps, 2 slots. Values are arbitrary but well-formed. */
function validTrace(): Json {
  const vec = (a: number, b: number, c: number): number[] => [a, b, c];
  return {
    format: 'isostep-golden-rmsprop/1',
    case: {
      name: 'torch_centered_small',
      framework: 'torch',
      dtype: 'float32',
      hyperparameters: { lr: 0.01, alpha: 0.99, eps: 1e-8, centered: true },
      options: { foreach: false },
      init_params: vec(1.5, -0.75, 0.3),
      gradient: { kind: 'quadratic', coeffs: vec(0.5, 1, 2.5) },
      steps: 3,
    },
    versions: { torch: '2.13.0+cpu', python: '3.11.7' },
    state_slots: ['square_avg', 'grad_avg'],
    initial_state: { square_avg: vec(0, 0, 0), grad_avg: vec(0, 0, 0) },
    steps: [1, 2, 3].map((step) => ({
      step,
      grad: vec(1.5, -1.5, 1.5),
      params: vec(1.4, -0.7, 0.2),
      state: { square_avg: vec(0.02, 0.02, 0.06), grad_avg: vec(0.01, -0.01, 0.01) },
    })),
  };
}

function text(trace: Json): string {
  return JSON.stringify(trace, null, 2);
}

/** A number JSON.stringify cannot produce (-0, 1e999) is written by replacing this placeholder in the text. */
const PLACEHOLDER = 987654321;

function withLiteral(trace: Json, literal: string): string {
  const source = text(trace);
  if (source.split(String(PLACEHOLDER)).length !== 2) throw new Error('placeholder must occur exactly once');
  return source.replace(String(PLACEHOLDER), literal);
}

function parseDamaged(damage: (trace: Json) => void): unknown {
  const trace = validTrace();
  damage(trace);
  return catchError(() => parseTrace(text(trace), FILE));
}

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the parser to throw');
}

describe('parseTrace on a valid trace', () => {
  it('reads every field', () => {
    const trace = parseTrace(text(validTrace()), FILE);
    expect(trace.file).toBe(FILE);
    expect(trace.format).toBe('isostep-golden-rmsprop/1');
    expect(trace.case.name).toBe('torch_centered_small');
    expect(trace.case.framework).toBe('torch');
    expect(trace.case.optimizer).toBe('rmsprop');
    expect(trace.case.lrSchedule).toBe('constant');
    expect(trace.case.dtype).toBe('float32');
    expect(trace.case.hyperparameters).toEqual({ lr: 0.01, alpha: 0.99, eps: 1e-8, centered: true });
    expect(trace.case.options).toEqual({ foreach: false });
    expect(trace.case.steps).toBe(3);
    expect(trace.versions).toEqual({ torch: '2.13.0+cpu', python: '3.11.7' });
    expect(trace.stateSlots).toEqual(['square_avg', 'grad_avg']);
    expect([...trace.initialState.keys()]).toEqual(['p']);
    expect(Object.keys(trace.initialState.get('p')!)).toEqual(['square_avg', 'grad_avg']);
    expect(trace.steps.map((s) => s.step)).toEqual([1, 2, 3]);
    expect(trace.steps.map((s) => s.lr)).toEqual([null, null, null]);
    expect(trace.case.gradient.kind).toBe('quadratic');
  });

  it('reads the one vector as a parameter named "p" of shape [n]', () => {
    const trace = parseTrace(text(validTrace()), FILE);
    expect(trace.case.params).toHaveLength(1);
    const [param] = trace.case.params;
    expect(param?.name).toBe('p');
    expect(param?.shape).toEqual([3]);
    expect(param?.init).toBeInstanceOf(Float64Array);
    expect(Array.from(param?.init ?? [])).toEqual([1.5, -0.75, Math.fround(0.3)]);
    const step = trace.steps[0]!;
    expect([...step.grads.keys()]).toEqual(['p']);
    expect(Array.from(step.grads.get('p')!)).toEqual([1.5, -1.5, 1.5]);
    expect(Array.from(step.params.get('p')!)).toEqual([Math.fround(1.4), Math.fround(-0.7), Math.fround(0.2)]);
    expect(Array.from(step.state.get('p')!.grad_avg!)).toEqual([Math.fround(0.01), Math.fround(-0.01), Math.fround(0.01)]);
    if (trace.case.gradient.kind !== 'quadratic') throw new Error('expected a quadratic gradient');
    expect(Array.from(trace.case.gradient.coeffs.get('p')!)).toEqual([0.5, 1, 2.5]);
  });

  it('rounds float32 values with fround to recover the float32 bits', () => {
    const trace = validTrace();
    trace.case.init_params = [0.1, 1.5, -0.3];
    const init = parseTrace(text(trace), FILE).case.params[0]!.init;
    // 0.1 as float32 is 0x3DCCCCCD = 13421773 * 2^-27, written out here rather than computed by the reader.
    expect(init[0]).toBe(13421773 * 2 ** -27);
    expect(init[0]).toBe(0.10000000149011612);
    expect(init[1]).toBe(1.5);
    expect(init[2]).toBe(-0.30000001192092896);
  });

  it('keeps the smallest float32 subnormal (printed 1e-45)', () => {
    const trace = validTrace();
    trace.steps[0].state.square_avg = [1e-45, 0, 3e-45];
    const parsed = parseTrace(text(trace), FILE);
    const slot = parsed.steps[0]?.state.get('p')?.square_avg;
    expect(slot?.[0]).toBe(2 ** -149);
    expect(slot?.[2]).toBe(2 * 2 ** -149);
  });

  it('keeps float64 values unchanged', () => {
    const trace = validTrace();
    trace.case.dtype = 'float64';
    trace.case.init_params = [0.1, 1e-300, -0.30000000000000004];
    const parsed = parseTrace(text(trace), FILE);
    expect(Array.from(parsed.case.params[0]!.init)).toEqual([0.1, 1e-300, -0.30000000000000004]);
  });

  it('decodes the non-finite strings and keeps negative zero', () => {
    const trace = validTrace();
    trace.steps[1].grad = ['NaN', 'Infinity', '-Infinity'];
    trace.case.init_params[0] = PLACEHOLDER;
    const parsed = parseTrace(withLiteral(trace, '-0'), FILE);
    const grad = parsed.steps[1]?.grads.get('p');
    expect(grad?.[0]).toBeNaN();
    expect(grad?.[1]).toBe(Infinity);
    expect(grad?.[2]).toBe(-Infinity);
    expect(Object.is(parsed.case.params[0]!.init[0], -0)).toBe(true);
  });

  it('reads a list gradient with at least case.steps rows', () => {
    const trace = validTrace();
    trace.case.gradient = { kind: 'list', values: [[1, 2, 3], [4, 5, 6], [7, 8, 0.1], [0, 0, 0]] };
    const parsed = parseTrace(text(trace), FILE);
    expect(parsed.case.gradient.kind).toBe('list');
    if (parsed.case.gradient.kind !== 'list') return;
    expect(parsed.case.gradient.values).toHaveLength(4);
    expect(Array.from(parsed.case.gradient.values?.[2]?.get('p') ?? [])).toEqual([7, 8, 0.10000000149011612]);
  });

  it('allows unknown top-level keys, unknown frameworks, no options and null hyperparameters', () => {
    const trace = validTrace();
    trace.provenance = { generator: 'someone-else.py' };
    trace.case.framework = 'mxnet';
    delete trace.case.options;
    trace.case.hyperparameters.epsilon = null;
    const parsed = parseTrace(text(trace), FILE);
    expect(parsed.case.framework).toBe('mxnet');
    expect(parsed.case.options).toEqual({});
    expect(parsed.case.hyperparameters.epsilon).toBeNull();
  });

  it('keeps state_slots in file order', () => {
    const trace = validTrace();
    trace.state_slots = ['grad_avg', 'square_avg'];
    expect(parseTrace(text(trace), FILE).stateSlots).toEqual(['grad_avg', 'square_avg']);
  });

  it('accepts tfjs float32 and a leading byte-order mark', () => {
    const trace = validTrace();
    trace.case.framework = 'tfjs';
    expect(parseTrace(`\uFEFF${text(trace)}`, FILE).case.framework).toBe('tfjs');
  });
});

describe('parseTrace rejects damaged traces with the JSON path', () => {
  const table: [label: string, damage: (trace: Json) => void, jsonPath: string][] = [
    ['wrong format tag', (t) => (t.format = 'isostep-golden-rmsprop/2'), '$.format'],
    ['missing format', (t) => delete t.format, '$.format'],
    ['case not an object', (t) => (t.case = 'torch'), '$.case'],
    ['params length differs', (t) => t.steps[1].params.push(0), '$.steps[1].params'],
    ['grad length differs', (t) => t.steps[0].grad.pop(), '$.steps[0].grad'],
    ['state slot length differs', (t) => t.steps[2].state.square_avg.pop(), '$.steps[2].state.square_avg'],
    ['initial state length differs', (t) => t.initial_state.grad_avg.push(0), '$.initial_state.grad_avg'],
    ['coeffs length differs from init_params', (t) => t.case.gradient.coeffs.pop(), '$.case.gradient.coeffs'],
    ['init_params empty', (t) => (t.case.init_params = []), '$.case.init_params'],
    ['missing slot in a step state', (t) => delete t.steps[1].state.grad_avg, '$.steps[1].state.grad_avg'],
    ['extra slot in a step state', (t) => (t.steps[0].state.momentum_buffer = [0, 0, 0]), '$.steps[0].state.momentum_buffer'],
    ['missing slot in initial_state', (t) => delete t.initial_state.square_avg, '$.initial_state.square_avg'],
    ['extra slot in initial_state', (t) => (t.initial_state.extra = [0, 0, 0]), '$.initial_state.extra'],
    ['slot listed with a non-identifier name', (t) => t.state_slots.push('a-b'), '$.initial_state["a-b"]'],
    ['slot "constructor" listed but absent', (t) => t.state_slots.push('constructor'), '$.initial_state.constructor'],
    ['duplicate slot name', (t) => t.state_slots.push('square_avg'), '$.state_slots[2]'],
    ['empty slot name', (t) => (t.state_slots[0] = ''), '$.state_slots[0]'],
    ['number where a list belongs', (t) => (t.steps[0].params = 1.5), '$.steps[0].params'],
    ['list where a number belongs (element)', (t) => (t.steps[0].params[1] = [1]), '$.steps[0].params[1]'],
    ['list where a number belongs (case.steps)', (t) => (t.case.steps = [3]), '$.case.steps'],
    ['list where a number belongs (step)', (t) => (t.steps[2].step = [3]), '$.steps[2].step'],
    ['string number "1.5"', (t) => (t.steps[2].state.square_avg[1] = '1.5'), '$.steps[2].state.square_avg[1]'],
    ['lowercase "nan"', (t) => (t.steps[0].grad[2] = 'nan'), '$.steps[0].grad[2]'],
    ['null element', (t) => (t.case.init_params[0] = null), '$.case.init_params[0]'],
    ['boolean element', (t) => (t.initial_state.grad_avg[2] = false), '$.initial_state.grad_avg[2]'],
    ['float32 value beyond float32 range', (t) => (t.steps[1].params[0] = 1e39), '$.steps[1].params[0]'],
    ['step numbering wrong', (t) => (t.steps[1].step = 3), '$.steps[1].step'],
    ['step missing', (t) => delete t.steps[0].step, '$.steps[0].step'],
    ['step not an object', (t) => (t.steps[1] = [1]), '$.steps[1]'],
    ['case.steps differs from steps length', (t) => (t.case.steps = 4), '$.steps'],
    ['steps shorter than case.steps', (t) => t.steps.pop(), '$.steps'],
    ['case.steps zero', (t) => (t.case.steps = 0), '$.case.steps'],
    ['case.steps fractional', (t) => (t.case.steps = 2.5), '$.case.steps'],
    ['bad dtype', (t) => (t.case.dtype = 'float16'), '$.case.dtype'],
    ['tfjs float64', (t) => Object.assign(t.case, { framework: 'tfjs', dtype: 'float64' }), '$.case.dtype'],
    ['bad case name (upper case)', (t) => (t.case.name = 'Torch_Centered'), '$.case.name'],
    ['bad case name (space)', (t) => (t.case.name = 'torch centered'), '$.case.name'],
    ['missing case name', (t) => delete t.case.name, '$.case.name'],
    ['empty framework', (t) => (t.case.framework = ''), '$.case.framework'],
    ['framework with a dot', (t) => (t.case.framework = 'tf.keras'), '$.case.framework'],
    ['non-object hyperparameters', (t) => (t.case.hyperparameters = [0.01]), '$.case.hyperparameters'],
    ['string hyperparameter value', (t) => (t.case.hyperparameters.lr = '0.01'), '$.case.hyperparameters.lr'],
    ['options not an object', (t) => (t.case.options = 'foreach'), '$.case.options'],
    ['unknown gradient kind', (t) => (t.case.gradient.kind = 'linear'), '$.case.gradient.kind'],
    ['too few list gradients', (t) => (t.case.gradient = { kind: 'list', values: [[1, 2, 3]] }), '$.case.gradient.values'],
    [
      'list gradient row length differs',
      (t) => (t.case.gradient = { kind: 'list', values: [[1, 2, 3], [1, 2], [1, 2, 3]] }),
      '$.case.gradient.values[1]',
    ],
    ['empty versions', (t) => (t.versions = {}), '$.versions'],
    ['non-string version', (t) => (t.versions.torch = 2.13), '$.versions.torch'],
    ['state_slots not an array', (t) => (t.state_slots = 'square_avg'), '$.state_slots'],
    ['missing case', (t) => delete t.case, '$.case'],
  ];

  it.each(table)('%s', (_label, damage, jsonPath) => {
    const error = parseDamaged(damage);
    expect(error).toBeInstanceOf(TraceFormatError);
    expect(TraceFormatError.isInstance(error)).toBe(true);
    const { jsonPath: found, message, file } = error as TraceFormatError;
    expect(found).toBe(jsonPath);
    expect(file).toBe(FILE);
    expect(message.startsWith(`${FILE}: ${jsonPath}: expected `)).toBe(true);
  });

  it('reports truncated JSON at $ with the parse position', () => {
    const source = text(validTrace());
    const cut = source.slice(0, 200);
    const error = catchError(() => parseTrace(cut, FILE));
    expect(TraceFormatError.isInstance(error)).toBe(true);
    const { jsonPath, message } = error as TraceFormatError;
    expect(jsonPath).toBe('$');
    expect(message).toContain(FILE);
    expect(message).toMatch(/position \d+/);
  });

  it('reports the position of a syntax error inside the text', () => {
    const error = catchError(() => parseTrace('{\n  "format": "x",,\n}', FILE)) as TraceFormatError;
    expect(error.jsonPath).toBe('$');
    expect(error.message).toContain('position 18 (line 2 column 17)');
  });

  it('rejects a top level that is not an object', () => {
    const error = catchError(() => parseTrace('[1, 2, 3]', FILE)) as TraceFormatError;
    expect(TraceFormatError.isInstance(error)).toBe(true);
    expect(error.jsonPath).toBe('$');
  });

  it('rejects a number literal that overflows to Infinity', () => {
    const hyper = validTrace();
    hyper.case.hyperparameters.lr = PLACEHOLDER;
    const error = catchError(() => parseTrace(withLiteral(hyper, '1e999'), FILE)) as TraceFormatError;
    expect(error.jsonPath).toBe('$.case.hyperparameters.lr');
    const element = validTrace();
    element.case.init_params[0] = PLACEHOLDER;
    const elementError = catchError(() => parseTrace(withLiteral(element, '-1e999'), FILE)) as TraceFormatError;
    expect(elementError.jsonPath).toBe('$.case.init_params[0]');
  });

  it('says what was expected and what was found', () => {
    const error = parseDamaged((t) => (t.steps[2].state.square_avg[1] = '1.5')) as TraceFormatError;
    expect(error.message).toBe(
      `${FILE}: $.steps[2].state.square_avg[1]: expected a number or one of the strings "NaN", "Infinity", "-Infinity", found the string "1.5"`,
    );
    const length = parseDamaged((t) => t.steps[0].grad.pop()) as TraceFormatError;
    expect(length.expected).toBe('an array of 3 numbers (the length of case.init_params)');
    expect(length.found).toBe('an array of 2 elements');
    const missing = parseDamaged((t) => delete t.steps[1].state.grad_avg) as TraceFormatError;
    expect(missing.found).toBe('nothing (the key is missing)');
  });
});
