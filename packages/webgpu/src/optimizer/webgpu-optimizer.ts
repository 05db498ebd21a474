/**
 * RMSprop on WebGPU: params and state live on the GPU, every step is ONE dispatch for the whole model.
 *
 * The spec's `Optimizer` contract, made asynchronous the only way a GPU allows: `step` validates, then
 * enqueues (upload of the gradients, the scalars, one dispatch) and returns; `read()` downloads params and
 * state. A step that throws has enqueued nothing. The math is the spec's, translated in `rmsprop-wgsl.ts`.
 */
import {
  IEEE_PROFILE,
  STATE_VERSION,
  ShapeMismatchError,
  allocatedSlots,
  checkLr,
  initialSlotValue,
  validateConfig,
  type NamedTensors,
  type NumericsProfile,
  type OptimizerState,
  type RmspropConfig,
  type SlotName,
  type StepOptions,
} from '@isostep/spec';
import { DeviceLostError } from '../device/errors.js';
import type { GpuContext } from '../device/gpu-context.js';
import { createRmspropPipeline, dispatchGrid, type RmspropPipeline } from '../kernel/pipeline.js';
import { SCALARS_BYTES, encodeScalars } from '../kernel/uniforms.js';
import { allocateVectors, checkFits, destroyVectors, readVector, type GpuVectors } from './gpu-buffers.js';
import { checkAgainstLayout, layoutOf, pack, unpack, type PackedLayout } from './layout.js';

export interface WebGpuRmspropOptions {
  /** Op order and fused sites to reproduce (a preset's profile); defaults to plain IEEE order. */
  readonly profile?: NumericsProfile;
}

/** Params and state as read back from the GPU, per parameter name. */
export interface WebGpuSnapshot {
  readonly params: Map<string, Float32Array>;
  readonly state: OptimizerState;
}

interface Bound {
  readonly layout: PackedLayout;
  readonly vectors: GpuVectors;
  readonly bindGroup: GPUBindGroup;
  readonly grid: { x: number; y: number; rowStride: number };
}

export class WebGpuRmsprop {
  readonly config: RmspropConfig;
  readonly profile: NumericsProfile;
  readonly slots: readonly SlotName[];
  private readonly kernel: RmspropPipeline;
  private bound: Bound | null = null;
  private completed = 0;
  private dispatches = 0;
  private lost: GPUDeviceLostInfo | null = null;
  /** The first validation or out-of-memory error the device reported; surfaced by the next read(). */
  private deviceError: GPUError | null = null;
  private last: WebGpuSnapshot | null = null;
  private reading: Promise<unknown> = Promise.resolve();
  private readonly onError = (ev: Event) => {
    this.deviceError ??= (ev as GPUUncapturedErrorEvent).error;
  };

  constructor(
    readonly context: GpuContext,
    config: RmspropConfig,
    options: WebGpuRmspropOptions = {},
  ) {
    this.config = validateConfig(config);
    this.profile = options.profile ?? IEEE_PROFILE;
    this.slots = allocatedSlots(this.config);
    this.kernel = createRmspropPipeline(context.device, this.config, this.profile);
    void context.device.lost.then((info) => {
      this.lost = info;
    });
    context.device.addEventListener('uncapturederror', this.onError);
  }

  private get device(): GPUDevice {
    return this.context.device;
  }

  /** Steps taken since `init` (or the step count of the state last `load`ed). */
  get completedSteps(): number {
    return this.completed;
  }

  /** Compute dispatches issued so far: exactly one per step, whatever the number of tensors. */
  get dispatchCount(): number {
    return this.dispatches;
  }

  /** The packed GPU buffer gradients are read from, for callers that compute gradients on the GPU. */
  get gradientBuffer(): GPUBuffer {
    return this.need().vectors.grads;
  }

  /** Uploads params and fresh slots (at their initial values); step count 0. */
  init(params: NamedTensors): void {
    this.checkAlive();
    const layout = layoutOf(params);
    checkFits(this.device, layout.total);
    const slots: Partial<Record<SlotName, Float32Array<ArrayBuffer>>> = {};
    for (const s of this.slots) slots[s] = new Float32Array(layout.total).fill(Math.fround(initialSlotValue(this.config, s)));
    this.upload(layout, pack(layout, params), slots, 0);
  }

  /** Uploads params and a state (e.g. a checkpoint, or `lastRead()` after a device loss). */
  load(params: NamedTensors, state: OptimizerState): void {
    this.checkAlive();
    const layout = layoutOf(params);
    checkFits(this.device, layout.total);
    if (state.version !== STATE_VERSION) throw new ShapeMismatchError('state.version', String(STATE_VERSION), String(state.version));
    if (!(Number.isInteger(state.step) && state.step >= 0)) throw new ShapeMismatchError('state.step', 'an integer >= 0', String(state.step));
    if (state.slots.join(',') !== this.slots.join(',')) {
      throw new ShapeMismatchError('state.slots', `[${this.slots.join(', ')}] for this config`, `[${state.slots.join(', ')}]`);
    }
    const slots: Partial<Record<SlotName, Float32Array<ArrayBuffer>>> = {};
    for (const s of this.slots) {
      const bySlot = new Map<string, Float32Array>();
      for (const r of layout.ranges) bySlot.set(r.name, state.tensors.get(r.name)?.[s] as Float32Array);
      checkAgainstLayout(layout, bySlot, `state.tensors[…].${s}`);
      slots[s] = pack(layout, bySlot);
    }
    this.upload(layout, pack(layout, params), slots, state.step);
  }

  /** Validates, then enqueues one step (gradient upload + one dispatch). Throws before enqueuing anything. */
  step(grads: NamedTensors, options: StepOptions = {}): void {
    this.checkAlive();
    const b = this.need();
    const lr = options.lr === undefined ? this.config.lr : checkLr(options.lr, 'options.lr');
    checkAgainstLayout(b.layout, grads, 'grads');
    this.device.queue.writeBuffer(b.vectors.grads, 0, pack(b.layout, grads));
    this.dispatch(b, lr);
  }

  /** One step on the gradients already in `gradientBuffer` (GPU-computed gradients; benchmarks). */
  stepResident(options: StepOptions = {}): void {
    this.checkAlive();
    const lr = options.lr === undefined ? this.config.lr : checkLr(options.lr, 'options.lr');
    this.dispatch(this.need(), lr);
  }

  /** Downloads params and state after every step enqueued so far. */
  read(): Promise<WebGpuSnapshot> {
    const next = this.reading.then(() => this.readNow());
    this.reading = next.catch(() => {});
    return next;
  }

  /** The last snapshot `read()` returned: what survives a device loss. */
  lastRead(): WebGpuSnapshot | null {
    return this.last;
  }

  /** Resolves when the GPU has finished every step enqueued so far. */
  async settled(): Promise<void> {
    this.checkAlive();
    await this.device.queue.onSubmittedWorkDone();
  }

  /** Frees the GPU buffers; the optimizer can be `init`ed or `load`ed again. */
  destroy(): void {
    this.freeBuffers();
    this.context.device.removeEventListener('uncapturederror', this.onError);
  }

  private freeBuffers(): void {
    if (this.bound) destroyVectors(this.bound.vectors);
    this.bound = null;
  }

  private upload(layout: PackedLayout, params: Float32Array<ArrayBuffer>, slots: Partial<Record<SlotName, Float32Array<ArrayBuffer>>>, step: number): void {
    this.checkAlive();
    checkFits(this.device, layout.total);
    if (this.bound === null || this.bound.layout.total !== layout.total) this.bind(layout);
    else this.bound = { ...this.bound, layout };
    const b = this.need();
    const q = this.device.queue;
    q.writeBuffer(b.vectors.params, 0, params);
    for (const s of this.slots) q.writeBuffer(b.vectors.slots[s]!, 0, slots[s]!);
    this.completed = step;
  }

  private bind(layout: PackedLayout): void {
    this.freeBuffers();
    const vectors = allocateVectors(this.device, layout.total, this.slots, SCALARS_BYTES);
    const slot = (s: SlotName) => ({ buffer: vectors.slots[s] ?? vectors.unused[s] });
    const bindGroup = this.device.createBindGroup({
      layout: this.kernel.layout,
      entries: [
        { binding: 0, resource: { buffer: vectors.uniforms } },
        { binding: 1, resource: { buffer: vectors.grads } },
        { binding: 2, resource: { buffer: vectors.params } },
        { binding: 3, resource: slot('meanSquare') },
        { binding: 4, resource: slot('meanGrad') },
        { binding: 5, resource: slot('momentum') },
      ],
    });
    const grid = dispatchGrid(layout.total, this.device.limits.maxComputeWorkgroupsPerDimension);
    this.bound = { layout, vectors, bindGroup, grid };
  }

  private dispatch(b: Bound, lr: number): void {
    const t = this.completed + 1;
    this.device.queue.writeBuffer(b.vectors.uniforms, 0, encodeScalars(this.config, this.profile, lr, t, b.layout.total, b.grid.rowStride));
    const enc = this.device.createCommandEncoder({ label: `rmsprop step ${t}` });
    const pass = enc.beginComputePass();
    pass.setPipeline(this.kernel.pipeline);
    pass.setBindGroup(0, b.bindGroup);
    pass.dispatchWorkgroups(b.grid.x, b.grid.y);
    pass.end();
    this.device.queue.submit([enc.finish()]);
    this.dispatches++;
    this.completed = t;
  }

  private async readNow(): Promise<WebGpuSnapshot> {
    this.checkAlive();
    const b = this.need();
    const step = this.completed;
    let flat: { params: Float32Array; slots: Partial<Record<SlotName, Float32Array>> };
    try {
      const slots: Partial<Record<SlotName, Float32Array>> = {};
      const params = await readVector(this.device, b.vectors.params, b.vectors.staging);
      for (const s of this.slots) slots[s] = await readVector(this.device, b.vectors.slots[s]!, b.vectors.staging);
      flat = { params, slots };
    } catch (e) {
      // A mapAsync that fails because the device went away is a device loss, not a bug.
      await Promise.race([this.device.lost, new Promise((r) => setTimeout(r, 50))]);
      if (this.lost) throw this.lostError();
      throw e;
    }
    if (this.deviceError) throw new Error(`WebGPU reported an error while stepping: ${this.deviceError.message}`);
    const tensors = new Map<string, Partial<Record<SlotName, Float32Array>>>();
    for (const r of b.layout.ranges) tensors.set(r.name, {});
    for (const s of this.slots) {
      for (const [name, t] of unpack(b.layout, flat.slots[s]!)) tensors.get(name)![s] = t;
    }
    const snapshot: WebGpuSnapshot = {
      params: unpack(b.layout, flat.params),
      state: { version: STATE_VERSION, step, slots: this.slots, tensors },
    };
    this.last = snapshot;
    return snapshot;
  }

  private need(): Bound {
    if (this.bound === null) throw new ShapeMismatchError('optimizer', 'init(params) or load(params, state) first', 'no params uploaded');
    return this.bound;
  }

  private checkAlive(): void {
    if (this.lost) throw this.lostError();
  }

  private lostError(): DeviceLostError {
    return new DeviceLostError(this.lost?.reason ?? 'unknown', this.lost?.message ?? '', this.last?.state.step ?? null);
  }
}
