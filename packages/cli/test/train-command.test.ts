import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelProtoType } from '@isostep/onnx-export';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerTrainCommand } from '../src/commands/train-command.js';

function program(): Command {
  const p = new Command().exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerTrainCommand(p);
  return p;
}

afterEach(() => vi.restoreAllMocks());

describe('isostep train', () => {
  it('trains on a subset, prints one line per epoch and exports ONNX with the preset in its metadata', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const file = join(mkdtempSync(join(tmpdir(), 'train-')), 'model.onnx');
    await program().parseAsync(
      ['train', '--layers', '784-16-10', '--epochs', '2', '--batch', '32', '--limit-train', '640', '--limit-test', '200', '--lr', '0.001', '--export', file],
      { from: 'user' },
    );
    expect(out[0]).toMatch(/^backend cpu: optimizer step on the CPU: fast rmsprop\/torch .*; MLP on the CPU \(WebAssembly SIMD, \d+ thread\(s\)\)\n$/);
    const epochs = out.filter((line) => line.startsWith('epoch '));
    expect(epochs).toHaveLength(2);
    expect(epochs[1]).toMatch(/^epoch 2: train loss \d\.\d{4}, test loss \d\.\d{4}, test accuracy \d+\.\d{2}% /);
    expect(existsSync(file)).toBe(true);
    const model = modelProtoType().toObject(modelProtoType().decode(readFileSync(file))) as { metadataProps: { key: string; value: string }[] };
    const meta = Object.fromEntries(model.metadataProps.map((m) => [m.key, m.value]));
    expect(meta['isostep.optimizer']).toBe('rmsprop');
    expect(meta['isostep.preset']).toBe('torch');
    expect(JSON.parse(meta['isostep.config']!).lr).toBe(0.001);
  });

  it('runs the step on TF.js (cpu) when asked, and says so', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await program().parseAsync(
      ['train', '--layers', '784-8-10', '--epochs', '1', '--batch', '32', '--limit-train', '128', '--limit-test', '50', '--backend', 'tfjs', '--tfjs-backend', 'cpu'],
      { from: 'user' },
    );
    expect(out[0]).toMatch(/^backend tfjs: optimizer step on TF.js cpu: rmsprop\/torch .*forward\/backward on the CPU MLP/);
    expect(out.filter((line) => line.startsWith('epoch 1: train loss '))).toHaveLength(1);
  });

  it('fails on bad options before reading any data, naming the option', async () => {
    for (const [args, message] of [
      [['--data', 'cifar10'], /--data: unknown dataset/],
      [['--layers', '784-x-10'], /--layers:/],
      [['--batch', '0'], /--batch: 0 is outside/],
      [['--backend', 'cuda'], /--backend: unknown backend "cuda"/],
      [['--backend', 'tfjs', '--tfjs-backend', 'webgl'], /--tfjs-backend: unknown TF.js backend "webgl"/],
    ] as const) {
      await expect(program().parseAsync(['train', ...args], { from: 'user' })).rejects.toThrow(message);
    }
  });
});
