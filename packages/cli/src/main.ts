#!/usr/bin/env node
/**
 * The `isostep` CLI. Each command lives in its own module and registers itself here. Exit codes
 * (shared/exit-codes.ts, printed by `--help`): 0 when everything passed, 1 when a conformance check failed
 * (set by the command), 2 on bad input: a usage error or any error a command throws (printed here), 130
 * on Ctrl-C. With `--json` anywhere on the command line, every error, usage errors included, is one
 * JSON document on stdout (shared/json-output.ts) and commander's own text is not printed.
 */
import { Command, CommanderError } from 'commander';
import { registerConformCommand } from './commands/conform-command.js';
import { registerRecorderCommand } from './commands/recorder-command.js';
import { registerRaceCommand } from './commands/race-command.js';
import { registerTrainCommand } from './commands/train-command.js';
import { EXIT_BAD_INPUT, EXIT_CODES_HELP, EXIT_OK } from './shared/exit-codes.js';
import { jsonRequested, reportError } from './shared/json-output.js';

const json = jsonRequested(process.argv.slice(2));
/** What commander wrote (help, usage errors), kept for --json instead of printed. */
let commanderText = '';

const program = new Command()
  .name('isostep')
  .description('one spec per optimizer: conformance against golden traces from torch, Keras 3, TF1, TF.js and optax; training')
  .showHelpAfterError()
  .exitOverride()
  // Set before the commands are added, so they inherit it.
  .configureOutput(
    json
      ? {
          writeOut: (s) => {
            commanderText += s;
          },
          writeErr: (s) => {
            commanderText += s;
          },
        }
      : {},
  );
registerConformCommand(program);
registerTrainCommand(program);
registerRecorderCommand(program);
registerRaceCommand(program);
for (const command of [program, ...program.commands]) command.addHelpText('after', EXIT_CODES_HELP);

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof CommanderError) {
    // --help and --version exit 0; every usage error is bad input (commander's exit code 1 included).
    const exitCode = e.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    if (json) {
      if (exitCode === EXIT_OK) process.stdout.write(`${JSON.stringify({ help: commanderText })}\n`);
      else reportError(Object.assign(new Error(e.message.replace(/^error: /, '')), { name: 'UsageError', code: e.code }), { json, exitCode });
    }
    process.exitCode = exitCode;
    return;
  }
  reportError(e, { json, exitCode: EXIT_BAD_INPUT });
});
