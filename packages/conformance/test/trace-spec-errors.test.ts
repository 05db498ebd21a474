/**
 * Issue 15 #7: a trace the spec refuses is reported like a format error: the file, the JSON path of the
 * argument under the framework's own name, what is allowed and what was found.
 */
import { InvalidConfigError } from '@isostep/spec';
import { describe, expect, it } from 'vitest';
import { TraceFormatError, TraceSpecMismatch, parseTrace, traceSpec } from '../src/index.js';

const trace = (hyperparameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  format: 'isostep-golden-rmsprop/1',
  case: { name: 'x', framework: 'torch', dtype: 'float32', hyperparameters, init_params: [1], gradient: { kind: 'list', values: [[1]] }, steps: 1, ...extra },
  versions: { torch: 'hand' },
  state_slots: ['square_avg'],
  initial_state: { square_avg: [0] },
  steps: [{ step: 1, grad: [1], params: [0], state: { square_avg: [1] } }],
});

const refusal = (doc: unknown, file = 'bad.json'): TraceFormatError => {
  try {
    traceSpec(parseTrace(JSON.stringify(doc), file));
  } catch (e) {
    return e as TraceFormatError;
  }
  throw new Error('expected a refusal');
};

describe('semantic trace errors name the file and the JSON path (issue 15 #7)', () => {
  it('"alpha": 2 is $.case.hyperparameters.alpha of the file, under torch’s name', () => {
    const e = refusal(trace({ lr: 0.5, alpha: 2 }));
    expect(TraceFormatError.isInstance(e)).toBe(true);
    expect(e).toMatchObject({ file: 'bad.json', jsonPath: '$.case.hyperparameters.alpha', found: 'the number 2' });
    expect(e.message).toBe('bad.json: $.case.hyperparameters.alpha: expected a number in [0, 1] (torch alpha), found the number 2');
    expect(e.cause).toBeInstanceOf(InvalidConfigError);
  });

  it('an unknown argument, an option, an unknown framework, a value that is 0 in float32 and other slots', () => {
    expect(refusal(trace({ alpah: 0.9 }))).toMatchObject({ jsonPath: '$.case.hyperparameters.alpah' });
    expect(refusal(trace({}, { options: { foreach: true, init_ms: 1 } }))).toMatchObject({ jsonPath: '$.case.options.init_ms' });
    expect(refusal({ ...trace({}), case: { ...trace({}).case, framework: 'flax' } })).toMatchObject({ jsonPath: '$.case.framework' });
    expect(refusal(trace({ eps: 1e-50 }))).toMatchObject({ jsonPath: '$.case.hyperparameters.eps' });
    expect(refusal(trace({ eps: 1e-50 })).expected).toMatch(/in float32/);
    const slots = refusal(trace({ momentum: 0.9 }));
    expect(slots).toBeInstanceOf(TraceSpecMismatch);
    expect(slots).toMatchObject({ file: 'bad.json', jsonPath: '$.state_slots' });
  });
});
