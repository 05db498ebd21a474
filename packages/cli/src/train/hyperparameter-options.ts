/**
 * The optimizer flags of `isostep train`, one per spec config field (`@isostep/mlp`'s `hyperparameterFlags`):
 * `--lr`, `--rho`, `--beta1`, `--weight-decay`, `--nesterov`, `--eps-placement`, … Each says which optimizers
 * have it; the values stay strings here and are checked by `parseTrainOptions` through the spec's validation,
 * so a flag the chosen optimizer lacks, or a value it does not allow, fails naming the flag.
 */
import { hyperparameterFlags } from '@isostep/mlp';
import { Option, type Command } from 'commander';

/** What a flag's help says beyond its name (the common ones; the rest say which optimizers have them). */
const HELP: Readonly<Record<string, string>> = {
  lr: 'learning rate',
  rho: 'decay of the running averages (torch alpha, Keras rho)',
  eps: 'epsilon',
  momentum: 'momentum (default: the preset’s; 0.9 for --optimizer momentum)',
  beta1: 'first-moment decay',
  beta2: 'second-moment decay',
  weightDecay: 'weight decay',
};

export function addHyperparameterOptions(command: Command): Command {
  for (const { field, flag, kind, optimizers } of hyperparameterFlags()) {
    const value = kind === 'boolean' ? `${flag} [bool]` : kind === 'number' ? `${flag} <x>` : `${flag} <choice>`;
    const what = HELP[field] ?? `the spec's ${field}`;
    command.addOption(new Option(value, `${what} (${optimizers.length === 6 ? 'every optimizer' : optimizers.join(', ')}; default: the preset's)`));
  }
  return command;
}
