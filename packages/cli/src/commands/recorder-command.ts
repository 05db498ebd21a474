import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { EXIT_BAD_INPUT } from '../shared/exit-codes.js';

/**
 * The Python recorder module shipped in this package (`recorder/`, listed in `files`): the same path from
 * src/commands (in the repository) and dist/commands (published), two levels up.
 */
export const PYTHON_RECORDER = fileURLToPath(new URL('../../recorder/isostep_record.py', import.meta.url));

/**
 * `isostep recorder --python > isostep_record.py`: writes the recorder module to stdout, so a Python
 * project gets it from the npm package it already runs `isostep conform` from (no Python registry).
 */
export function registerRecorderCommand(program: Command): Command {
  return program
    .command('recorder')
    .description('print a recorder that writes isostep-golden/2 traces of your own training (--python: torch, Keras 3, optax)')
    .option('--python', 'the Python module (TorchRecorder, KerasRecorder, OptaxRecorder); redirect it to isostep_record.py')
    .addHelpText('after', '\nExample:\n  npx isostep recorder --python > isostep_record.py\n  # in your training: rec = TorchRecorder(optimizer, model.named_parameters(), "traces/run.json", steps=20)\n  npx isostep conform traces/ --backend tfjs-wasm\n')
    .action((options: { python?: boolean }, command: Command) => {
      if (!options.python) command.error('error: say which recorder: --python (the TypeScript recorder is recordTfOptimizer / recordOptimizer in @isostep/conformance)', { exitCode: EXIT_BAD_INPUT, code: 'isostep.missingOption' });
      process.stdout.write(readFileSync(PYTHON_RECORDER, 'utf8'));
    });
}
