import { writeFileSync } from 'node:fs';
import { exportMlpToOnnx } from '@isostep/onnx-export';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { FastArena } from '@isostep/reference-cpu/node';
import { runTraining } from '../train/run-training.js';
import { createStepper, TrainBackendError } from '../train/step-backends.js';
import { parseTrainOptions, TrainOptionError, type RawTrainOptions } from '../train/train-options.js';

/**
 * `isostep train`: an MLP on MNIST with a spec optimizer. The MLP runs on the CPU (WebAssembly SIMD on a
 * fast arena, all cores; the same bits as the JS reference kernels); `--backend` says where the optimizer
 * step runs. Progress goes to stderr (so stdout stays one line per epoch after one `backend:` line,
 * pipeable); every option is checked, and the backend set up, before any data is read.
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
    .option('--backend <name>', 'where the optimizer step runs: cpu | tfjs | webgpu (forward/backward: CPU)', 'cpu')
    .option('--tfjs-backend <name>', 'TF.js backend for --backend tfjs: wasm | cpu', 'wasm')
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
      // One arena for the MLP and the CPU step: shared memory and worker threads, all cores.
      const arena = await FastArena.create();
      try {
        const result = await runTraining(options, {
          arena,
          updater: async (params) => {
            const stepper = await createStepper(options.backend, params, {
              config: options.config,
              preset: options.preset,
              arena,
              tfjsBackend: options.tfjsBackend,
            });
            process.stdout.write(`backend ${options.backend}: ${stepper.description}; MLP on the CPU (WebAssembly SIMD, ${arena.threads} thread(s))\n`);
            return stepper;
          },
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
        if (options.exportPath !== undefined) {
          const bytes = exportMlpToOnnx(options.layers, result.mlp.params, { optimizerConfig: options.config, preset: options.preset });
          writeFileSync(options.exportPath, bytes);
          process.stdout.write(`wrote ${options.exportPath} (${bytes.length} bytes, opset 17)\n`);
        }
      } catch (error) {
        bar.stop();
        if (error instanceof TrainBackendError) program.error(`error: ${error.message}`, { exitCode: 2 });
        throw error;
      } finally {
        arena.dispose();
      }
    });
}
