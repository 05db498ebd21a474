import { writeFileSync } from 'node:fs';
import { exportMlpToOnnx } from '@isostep/onnx-export';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { createFastRmsprop } from '@isostep/reference-cpu';
import { getPreset } from '@isostep/spec';
import { runTraining } from '../train/run-training.js';
import { parseTrainOptions, TrainOptionError, type RawTrainOptions } from '../train/train-options.js';

/**
 * `isostep train`: an MLP on MNIST with a spec optimizer on the CPU reference.
 * Progress goes to stderr (so stdout stays one line per epoch, pipeable); every option is checked before any
 * data is read.
 */
export function registerTrainCommand(program: Command): Command {
  return program
    .command('train')
    .description('train an MLP with a spec RMSprop preset, report test accuracy, optionally export ONNX')
    .option('--data <name>', 'dataset (mnist)', 'mnist')
    .option('--layers <sizes>', 'layer sizes, input to output', '784-128-10')
    .option('--optimizer <name>', 'optimizer (rmsprop)', 'rmsprop')
    .option('--preset <name>', 'framework preset for the optimizer', 'torch')
    .option('--epochs <n>', 'epochs', '5')
    .option('--batch <n>', 'minibatch size', '64')
    .option('--backend <name>', 'cpu | tfjs | webgpu (only cpu in this build)', 'cpu')
    .option('--seed <n>', 'seed for initialization and shuffling', '0')
    .option('--lr <x>', 'learning rate (default: the preset’s)')
    .option('--rho <x>', 'mean-square decay (torch alpha, Keras rho)')
    .option('--eps <x>', 'epsilon')
    .option('--momentum <x>', 'momentum')
    .option('--export <file>', 'write the trained model as ONNX')
    .option('--limit-train <n>', 'use only the first n training images')
    .option('--limit-test <n>', 'use only the first n test images')
    .action(async (raw: RawTrainOptions) => {
      let options;
      try {
        options = parseTrainOptions(raw);
      } catch (error) {
        if (error instanceof TrainOptionError) program.error(`error: ${error.message}`, { exitCode: 2 });
        throw error;
      }
      const bar = new SingleBar({
        stream: process.stderr,
        format: 'epoch {epoch} [{bar}] {value}/{total} steps | loss {loss}',
        hideCursor: true,
        clearOnComplete: true,
      });
      let epochNow = 0;
      // The fast kernel: bit-identical to the exact reference (proved in reference-cpu's tests), both cores.
      const optimizer = await createFastRmsprop(options.config, { dtype: 'float32', profile: getPreset(options.preset).profile });
      const result = runTraining(options, {
        optimizer,
        onEpochStart: (epoch, steps) => {
          epochNow = epoch;
          bar.start(steps, 0, { epoch, loss: '-' });
        },
        onStep: (loss, done) => {
          if (done % 10 === 0) bar.update(done, { epoch: epochNow, loss: loss.toFixed(4) });
        },
        onEpoch: (r) => {
          bar.stop();
          process.stdout.write(
            `epoch ${r.epoch}: train loss ${r.trainLoss.toFixed(4)}, test loss ${r.testLoss.toFixed(4)}, ` +
              `test accuracy ${(100 * r.testAccuracy).toFixed(2)}% (${r.seconds.toFixed(1)} s)\n`,
          );
        },
      });
      optimizer.dispose();
      if (options.exportPath !== undefined) {
        const bytes = exportMlpToOnnx(options.layers, result.mlp.params, { optimizerConfig: options.config, preset: options.preset });
        writeFileSync(options.exportPath, bytes);
        process.stdout.write(`wrote ${options.exportPath} (${bytes.length} bytes, opset 17)\n`);
      }
    });
}
