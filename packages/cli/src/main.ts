#!/usr/bin/env node
/**
 * The `isostep` CLI. Each command lives in its own module and registers itself here. Exit codes: 0 when
 * everything passed, 1 when a conformance check failed (set by the command), 2 on bad input: a bad option
 * (commander has already printed why) or any error a command throws (printed here).
 */
import { Command, CommanderError } from 'commander';
import { registerConformCommand } from './commands/conform-command.js';
import { registerTrainCommand } from './commands/train-command.js';

const program = new Command()
  .name('isostep')
  .description('one spec per optimizer: conformance against golden traces from torch, Keras 3, TF1, TF.js and optax; training')
  .showHelpAfterError()
  .exitOverride();
registerConformCommand(program);
registerTrainCommand(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof CommanderError) {
    // --help and --version exit 0; every usage error is bad input.
    process.exitCode = e.exitCode === 0 ? 0 : 2;
    return;
  }
  process.stderr.write(`isostep: ${(e as Error).message}\n`);
  process.exitCode = 2;
});
