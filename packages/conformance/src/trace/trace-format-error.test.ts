import { describe, expect, it } from 'vitest';
import { TraceFormatError } from './trace-format-error.js';

describe('TraceFormatError', () => {
  const details = { file: 'a.json', jsonPath: '$.steps[3].state.rms[5]', expected: 'a number', found: 'null' };

  it('formats the message as file: path: expected, found', () => {
    const error = new TraceFormatError(details);
    expect(error.message).toBe('a.json: $.steps[3].state.rms[5]: expected a number, found null');
    expect(error.name).toBe('TraceFormatError');
    expect(error).toMatchObject(details);
  });

  it('recognises errors by the shared symbol, not by class identity', () => {
    // What a second installed copy of the package would produce: a different class, the same mark.
    const foreign = Object.assign(new Error('x'), { [Symbol.for('isostep.TraceFormatError')]: true });
    expect(TraceFormatError.isInstance(foreign)).toBe(true);
    expect(TraceFormatError.isInstance(new TraceFormatError(details))).toBe(true);
    expect(TraceFormatError.isInstance(new Error('x'))).toBe(false);
    expect(TraceFormatError.isInstance(null)).toBe(false);
  });
});
