import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelProtoType } from '@isostep/onnx-export';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerTrainCommand } from './train-command.js';

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
    const epochs = out.filter((line) => line.startsWith('epoch '));
    expect(epochs).toHaveLength(2);
    expect(epochs[1]).toMatch(/^epoch 2: train loss \d\.\d{4}, test loss \d\.\d{4}, test accuracy \d+\.\d{2}% /);
    expect(existsSync(file)).toBe(true);
    const model = modelProtoType().toObject(modelProtoType().decode(readFileSync(file))) as { metadataProps: { key: string; value: string }[] };
    const meta = Object.fromEntries(model.metadataProps.map((m) => [m.key, m.value]));
    expect(meta['isostep.preset']).toBe('torch');
    expect(JSON.parse(meta['isostep.optimizer']!).lr).toBe(0.001);
  });

  it('fails on bad options before reading any data, naming the option', async () => {
    for (const [args, message] of [
      [['--data', 'cifar10'], /--data: unknown dataset/],
      [['--layers', '784-x-10'], /--layers:/],
      [['--batch', '0'], /--batch: 0 is outside/],
      [['--backend', 'webgpu'], /--backend: backend "webgpu" is not available in this build/],
    ] as const) {
      await expect(program().parseAsync(['train', ...args], { from: 'user' })).rejects.toThrow(message);
    }
  });
});
