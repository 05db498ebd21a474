#!/usr/bin/env node
/** The `isostep` CLI. Each command lives in its own module and registers itself here. */
import { Command } from 'commander';
import { registerConformCommand } from './conform-command.js';
import { registerTrainCommand } from './train-command.js';

const program = new Command()
  .name('isostep')
  .description('RMSprop as one spec: conformance against golden traces from torch, Keras 3, TF1, TF.js and optax')
  .showHelpAfterError();
registerConformCommand(program);
registerTrainCommand(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`isostep: ${(e as Error).message}\n`);
  process.exitCode = 2;
});
