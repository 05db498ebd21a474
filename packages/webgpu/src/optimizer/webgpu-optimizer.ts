/**
 * Any spec optimizer on WebGPU: params and state live on the GPU, every step is ONE dispatch for the whole
 * model, running a shader generated from the spec's step graph for this config and profile.
 *
 * The spec's `ResidentOptimizer`: `step` validates, then enqueues (upload of the gradients and the step
 * scalars, one dispatch) and returns; `read()` downloads params and state. A step that throws has
 * enqueued nothing. Buffers derive from `spec.program.slots` (through the graph's `vectors`).
 */
import {
  IsostepError,
  ShapeMismatchError,
  buildStepGraph,
  InvalidConfigError,
  checkConfigInDtype,
  checkFiniteGradients,
  checkStepOptions,
  specLabel,
  stepScalarBlock,
  type NamedTensors,
  type OptimizerSpec,
  type OptimizerState,
  type ResidentOptimizer,
  type ResidentSnapshot,
  type StepGraph,
  type StepOptions,
} from '@isostep/spec';
import { BindingLimitError, DeviceLostError } from '../device/errors.js';
import type { GpuContext } from '../device/gpu-context.js';
import { createStepPipeline, dispatchGrid, type StepPipeline } from '../kernel/pipeline.js';
import { encodeUniforms } from '../kernel/uniforms.js';
import { wgslFromGraph } from '../kernel/wgsl-from-graph.js';
import { allocateVectors, checkFits, destroyVectors, readVector, type GpuVectors } from './gpu-buffers.js';
import { checkAgainstLayout, layoutOf, pack, unpack, type PackedLayout } from './layout.js';
import { freshSlotVectors, packState, unpackState, type SlotVectors } from './state-vectors.js';

/** Params and state as read back from the GPU, per parameter name (float32: WGSL has no f64). */
export interface WebGpuSnapshot extends ResidentSnapshot {
  readonly params: Map<string, Float32Array>;
  readonly state: OptimizerState;
}

interface Bound {
  readonly layout: PackedLayout;
  readonly vectors: GpuVectors;
  readonly bindGroup: GPUBindGroup;
  readonly grid: { x: number; y: number; rowStride: number };
}

export class WebGpuOptimizer implements ResidentOptimizer {
  /** The step graph the shader was generated from (float32). */
  readonly graph: StepGraph;
  private readonly kernel: StepPipeline;
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
    readonly spec: OptimizerSpec,
  ) {
    // A bare config would have no numerics profile: refuse it rather than guess one.
    if (typeof spec !== 'object' || spec === null || spec.program === undefined || spec.profile === undefined) {
      throw new IsostepError('WebGpuOptimizer needs an OptimizerSpec (fromPreset, fromFrameworkArgs or customOptimizer), not a bare config');
    }
    // WGSL computes in float32: a hyperparameter that leaves its range once cast there is refused now.
    checkConfigInDtype(spec, 'float32');
    this.graph = buildStepGraph(spec, 'float32');
    const limit = context.device.limits.maxStorageBuffersPerShaderStage;
    if (this.graph.vectors.length > limit) throw new BindingLimitError(limit, this.graph.vectors.length, specLabel(spec));
    this.kernel = createStepPipeline(context.device, wgslFromGraph(this.graph), `isostep ${specLabel(spec)}`);
    void context.device.lost.then((info) => {
      this.lost = info;
    });
    context.device.addEventListener('uncapturederror', this.onError);
  }

  private get device(): GPUDevice {
    return this.context.device;
  }

  /** The WGSL the optimizer runs (generated from `graph`). */
  get wgsl(): string {
    return this.kernel.shader.code;
  }

  /** Steps taken since `load` (counting from the loaded state's step). */
  get completedSteps(): number {
    return this.completed;
  }

  /** Compute dispatches issued so far: exactly one per step, whatever the number of tensors. */
  get dispatchCount(): number {
    return this.dispatches;
  }

  /** The packed GPU buffer gradients are read from, for callers that compute gradients on the GPU. */
  get gradientBuffer(): GPUBuffer {
    return this.need().vectors.byName.get('g')!;
  }

  /**
   * Uploads params and a state: a saved one (a checkpoint, or `lastRead()` after a device loss), or, when
   * none is given, fresh slots at `spec.program.initialValue` and step 0. Everything is checked first.
   */
  load(params: NamedTensors, state?: OptimizerState): void {
    this.checkAlive();
    const layout = layoutOf(params);
    checkFits(this.device, layout.total);
    const slots = state === undefined ? freshSlotVectors(this.spec, layout) : packState(this.spec, layout, state);
    this.upload(layout, pack(layout, params), slots, state?.step ?? 0);
  }

  /** Validates, then enqueues one step (gradient upload + one dispatch). Throws before enqueuing anything. */
  step(grads: NamedTensors, options?: StepOptions): void {
    this.checkAlive();
    const b = this.need();
    const { lr, rejectNonFinite } = checkStepOptions(this.spec, 'float32', options);
    if (!(grads instanceof Map)) throw new ShapeMismatchError('grads', 'a Map from parameter name to Float32Array', typeof grads);
    checkAgainstLayout(b.layout, grads, 'grads');
    if (rejectNonFinite) checkFiniteGradients(grads);
    this.device.queue.writeBuffer(b.vectors.byName.get('g')!, 0, pack(b.layout, grads));
    this.dispatch(b, lr);
  }

  /** One step on the gradients already in `gradientBuffer` (GPU-computed gradients; benchmarks). */
  stepResident(options?: StepOptions): void {
    this.checkAlive();
    const b = this.need();
    const { lr, rejectNonFinite } = checkStepOptions(this.spec, 'float32', options);
    if (rejectNonFinite) {
      // Reading the gradients back to check them would cost the round trip this method exists to avoid.
      throw new InvalidConfigError('options.rejectNonFinite', true, 'false for stepResident (gradients already on the GPU are not read back); use step(grads, options)', this.spec.optimizer.title);
    }
    this.dispatch(b, lr);
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

  /** Frees the GPU buffers; the optimizer can be `load`ed again. */
  dispose(): void {
    this.freeBuffers();
    this.context.device.removeEventListener('uncapturederror', this.onError);
  }

  private freeBuffers(): void {
    if (this.bound) destroyVectors(this.bound.vectors);
    this.bound = null;
  }

  private upload(layout: PackedLayout, params: Float32Array<ArrayBuffer>, slots: SlotVectors, step: number): void {
    if (this.bound === null || this.bound.layout.total !== layout.total) this.bind(layout);
    else this.bound = { ...this.bound, layout };
    const b = this.need();
    const q = this.device.queue;
    q.writeBuffer(b.vectors.byName.get('p')!, 0, params);
    for (const [slot, values] of slots) q.writeBuffer(b.vectors.byName.get(slot)!, 0, values);
    this.completed = step;
  }

  private bind(layout: PackedLayout): void {
    this.freeBuffers();
    const shader = this.kernel.shader;
    const vectors = allocateVectors(this.device, layout.total, this.graph.vectors, shader.uniformBytes);
    const bindGroup = this.device.createBindGroup({
      layout: this.kernel.layout,
      entries: [
        { binding: 0, resource: { buffer: vectors.uniforms } },
        ...shader.vectors.map((v) => ({ binding: v.binding, resource: { buffer: vectors.byName.get(v.vector)! } })),
      ],
    });
    const grid = dispatchGrid(layout.total, this.device.limits.maxComputeWorkgroupsPerDimension);
    this.bound = { layout, vectors, bindGroup, grid };
  }

  private dispatch(b: Bound, lr: number): void {
    const t = this.completed + 1;
    const block = stepScalarBlock(this.graph, this.spec, lr, t);
    this.device.queue.writeBuffer(b.vectors.uniforms, 0, encodeUniforms(this.kernel.shader.uniformBytes, b.layout.total, b.grid.rowStride, block));
    const enc = this.device.createCommandEncoder({ label: `${specLabel(this.spec)} step ${t}` });
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
    let params: Float32Array;
    const slots = new Map<string, Float32Array>();
    try {
      params = await readVector(this.device, b.vectors.byName.get('p')!, b.vectors.staging);
      for (const slot of this.spec.program.slots) slots.set(slot, await readVector(this.device, b.vectors.byName.get(slot)!, b.vectors.staging));
    } catch (e) {
      // A mapAsync that fails because the device went away is a device loss, not a bug.
      await Promise.race([this.device.lost, new Promise((r) => setTimeout(r, 50))]);
      if (this.lost) throw this.lostError();
      throw e;
    }
    if (this.deviceError) throw new Error(`WebGPU reported an error while stepping: ${this.deviceError.message}`);
    const snapshot: WebGpuSnapshot = { params: unpack(b.layout, params), state: unpackState(this.spec, b.layout, slots, step) };
    this.last = snapshot;
    return snapshot;
  }

  private need(): Bound {
    if (this.bound === null) throw new ShapeMismatchError('optimizer', 'load(params) first', 'no params uploaded');
    return this.bound;
  }

  private checkAlive(): void {
    if (this.lost) throw this.lostError();
  }

  private lostError(): DeviceLostError {
    return new DeviceLostError(this.lost?.reason ?? 'unknown', this.lost?.message ?? '', this.last?.state.step ?? null);
  }
}
