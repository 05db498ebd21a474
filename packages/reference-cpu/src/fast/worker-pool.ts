/**
 * Worker threads that run kernels on the arena's shared memory, driven synchronously from `step`.
 *
 * `Optimizer.step` is synchronous, so there is no message round trip per step: each worker owns a
 * control block in shared memory and sleeps in Atomics.wait on it; the main thread writes a job, bumps
 * the block's generation, runs its own share, then waits for every worker's "done" generation. Kernel
 * modules are posted on a MessagePort once and pulled synchronously (receiveMessageOnPort) the first
 * time a job names them, so optimizers can be created while the workers sleep.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';

/** Int32 fields of a control block. */
const GO = 0;
const DONE = 1;
const KERNEL = 2;
const TABLE = 3;
const COUNT = 4;
const SCALARS = 5;
const STOP = 6;
const FAILED = 7;
export const CONTROL_BYTES = 64;

// Plain JS, run with `eval: true`, so workers need no TypeScript loader in tests, tsx or a build.
const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { memory, port, control } = workerData;
const c = new Int32Array(memory.buffer, control, ${CONTROL_BYTES / 4});
const kernels = new Map();
let seen = 0;
for (;;) {
  Atomics.wait(c, ${GO}, seen);
  seen = Atomics.load(c, ${GO});
  if (Atomics.load(c, ${STOP}) === 1) break;
  let k = kernels.get(c[${KERNEL}]);
  if (k === undefined) {
    for (let m; (m = receiveMessageOnPort(port)); ) {
      kernels.set(m.message.id, new WebAssembly.Instance(m.message.module, { env: { memory } }).exports.step);
    }
    k = kernels.get(c[${KERNEL}]);
  }
  try {
    k(c[${TABLE}], c[${COUNT}], c[${SCALARS}]);
    c[${FAILED}] = 0;
  } catch (e) {
    c[${FAILED}] = 1;
  }
  Atomics.store(c, ${DONE}, seen);
  Atomics.notify(c, ${DONE});
}
`;

export interface KernelJob {
  readonly table: number;
  readonly count: number;
  readonly scalars: number;
}

interface PooledWorker {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly control: Int32Array;
}

export class WorkerPool {
  private nextKernel = 1;
  private disposed = false;

  private constructor(private readonly workers: readonly PooledWorker[]) {}

  /** `size` workers on `memory`, control blocks at `controlOffset` (size × CONTROL_BYTES bytes). */
  static async start(memory: WebAssembly.Memory, controlOffset: number, size: number): Promise<WorkerPool> {
    const workers = await Promise.all(
      Array.from({ length: size }, async (_, k) => {
        const { port1, port2 } = new MessageChannel();
        const control = controlOffset + k * CONTROL_BYTES;
        const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { memory, port: port2, control }, transferList: [port2] });
        await new Promise<void>((resolve, reject) => {
          worker.once('online', resolve);
          worker.once('error', reject);
        });
        // A pool that is never disposed must not keep the process alive (only once it is up: before,
        // unref would let the process exit while `start` is still awaited).
        worker.unref();
        port1.unref();
        return { worker, port: port1, control: new Int32Array(memory.buffer, control, CONTROL_BYTES / 4) };
      }),
    );
    return new WorkerPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Makes a compiled kernel available to every worker; returns its id for `run`. */
  register(module: WebAssembly.Module): number {
    const id = this.nextKernel++;
    for (const w of this.workers) w.port.postMessage({ id, module });
    return id;
  }

  /** Runs jobs[k] on worker k while the caller runs `own`; returns when all are done. */
  run(kernel: number, jobs: readonly KernelJob[], own: () => void): void {
    if (this.disposed) throw new Error('the worker pool was disposed');
    if (jobs.length > this.workers.length) throw new Error(`${jobs.length} jobs for ${this.workers.length} workers`);
    const started = jobs.map((job, k) => {
      const c = this.workers[k]!.control;
      c[KERNEL] = kernel;
      c[TABLE] = job.table;
      c[COUNT] = job.count;
      c[SCALARS] = job.scalars;
      const gen = Atomics.add(c, GO, 1) + 1;
      Atomics.notify(c, GO);
      return { c, gen };
    });
    try {
      own();
    } finally {
      for (const { c, gen } of started) {
        for (let d = Atomics.load(c, DONE); d !== gen; d = Atomics.load(c, DONE)) Atomics.wait(c, DONE, d);
      }
    }
    if (started.some(({ c }) => c[FAILED] !== 0)) throw new Error('a worker thread failed to run its kernel');
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const { control: c, port } of this.workers) {
      Atomics.store(c, STOP, 1);
      Atomics.add(c, GO, 1);
      Atomics.notify(c, GO);
      port.close();
    }
  }
}
