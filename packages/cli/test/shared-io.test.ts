/** The shared CLI modules in-process: atomic output files and Ctrl-C restoring the terminal (issue 15 #2, #15). */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { errorDocument, jsonRequested } from '../src/shared/json-output.js';
import { exitOnInterrupt } from '../src/shared/interrupt.js';
import { OutputFileError, checkOutputFile, writeFileAtomic } from '../src/shared/output-file.js';

describe('output files', () => {
  it('write atomically: the complete bytes under the name, no temporary file left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'isostep-atomic-'));
    const path = join(dir, 'model.onnx');
    checkOutputFile(path, '--export');
    writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['model.onnx']);
    // A failed write (the target is a directory) leaves nothing behind either.
    expect(() => writeFileAtomic(dir, 'x')).toThrow();
    expect(readdirSync(dir)).toEqual(['model.onnx']);
    expect(() => checkOutputFile(join(dir, 'no', 'm.onnx'), '--export')).toThrow(OutputFileError);
    expect(() => checkOutputFile('', '--export')).toThrow(/--export : needs a file path/);
  });
});

describe('Ctrl-C while a bar is drawn (issue 15 #15)', () => {
  it('restores the bar, shows the cursor, ends the line and exits 130', () => {
    const restore = vi.fn();
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const tty = process.stderr.isTTY;
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    Object.defineProperty(process.stderr, 'isTTY', { value: true, configurable: true });
    try {
      exitOnInterrupt(restore);
      process.emit('SIGINT');
      expect(restore).toHaveBeenCalledOnce();
      expect(write).toHaveBeenCalledWith('\u001b[?25h\n');
      expect(exit).toHaveBeenCalledWith(130);
    } finally {
      Object.defineProperty(process.stderr, 'isTTY', { value: tty, configurable: true });
      write.mockRestore();
      exit.mockRestore();
    }
  });

  it('removes its handler once the bar is done', () => {
    const before = process.listenerCount('SIGINT');
    const release = exitOnInterrupt(() => {});
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    release();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});

describe('JSON errors', () => {
  it('carry the type, message, exit code and the fields that say where', () => {
    expect(errorDocument(new OutputFileError('--export', '/x/m.onnx', 'missing'))).toEqual({
      error: { type: 'OutputFileError', message: '--export /x/m.onnx: missing', exitCode: 2, option: '--export', file: '/x/m.onnx' },
    });
    expect(jsonRequested(['conform', 'x', '--json'])).toBe(true);
    expect(jsonRequested(['conform', '--', '--json'])).toBe(false);
    expect(existsSync).toBeDefined();
  });
});
