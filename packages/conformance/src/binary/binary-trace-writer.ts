/**
 * Writes a binary trace (`isostep-golden/2+safetensors`) step by step (Node): the initial values, then one
 * safetensors file per step as the run produces it, then the manifest. A recorder can therefore write a
 * large run while holding one step, and the manifest (written last) never names a file that is missing.
 * `jsonTraceToBinary` converts a parsed JSON trace, optionally split into ranks as data-parallel sharded
 * training (ZeRO/FSDP) would record it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GoldenTrace, LrSchedule, TraceDtype, TraceHyperparameter } from '../trace/types.js';
import type { ShardInfo } from '../runner/result.js';
import { BINARY_TRACE_FORMAT, tensorName } from './binary-manifest.js';
import { writeSafetensors, type TensorToWrite } from './safetensors-writer.js';

type Values = Float32Array | Float64Array;

export interface BinaryTraceHeader {
  readonly name: string;
  readonly framework: string;
  readonly optimizer: string;
  readonly dtype: TraceDtype;
  readonly hyperparameters: Readonly<Record<string, TraceHyperparameter>>;
  readonly options?: Readonly<Record<string, unknown>>;
  readonly params: readonly { readonly name: string; readonly shape: readonly number[] }[];
  readonly lrSchedule: LrSchedule;
  readonly versions: Readonly<Record<string, string>>;
  /** The framework's slot names. */
  readonly stateSlots: readonly string[];
  readonly shard?: ShardInfo | null;
}

/** One file's values: per parameter, its params, grads (steps only) and slots (framework names). */
export interface BinaryStepValues {
  readonly params: ReadonlyMap<string, Values>;
  readonly grads?: ReadonlyMap<string, Values>;
  readonly state: ReadonlyMap<string, Readonly<Record<string, Values>>>;
  /** Initial file only, for a quadratic gradient's coefficients (provenance). */
  readonly coeffs?: ReadonlyMap<string, Values>;
}

export const MANIFEST_FILE = 'trace.json';

export class BinaryTraceWriter {
  private readonly steps: { step: number; lr?: number; file: string }[] = [];
  private wroteInitial = false;
  private quadratic = false;

  constructor(
    readonly dir: string,
    private readonly header: BinaryTraceHeader,
    private readonly manifestName = MANIFEST_FILE,
  ) {}

  async writeInitial(values: BinaryStepValues): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    this.quadratic = values.coeffs !== undefined;
    await writeSafetensors(join(this.dir, 'initial.safetensors'), this.tensors(values, false));
    this.wroteInitial = true;
  }

  /** Step `this.steps + 1`; `lr` is required with a recorded schedule and must be omitted with a constant one. */
  async writeStep(lr: number | null, values: BinaryStepValues): Promise<void> {
    if (!this.wroteInitial) throw new Error('writeStep before writeInitial');
    if ((lr === null) !== (this.header.lrSchedule === 'constant')) throw new Error(`lr ${lr} with lr_schedule "${this.header.lrSchedule}"`);
    const step = this.steps.length + 1;
    const file = `step-${String(step).padStart(5, '0')}.safetensors`;
    await writeSafetensors(join(this.dir, file), this.tensors(values, true));
    this.steps.push({ step, ...(lr === null ? {} : { lr }), file });
  }

  /** Writes the manifest; returns its path. */
  async finish(): Promise<string> {
    const h = this.header;
    const manifest = {
      format: BINARY_TRACE_FORMAT,
      case: {
        name: h.name,
        framework: h.framework,
        optimizer: h.optimizer,
        dtype: h.dtype,
        hyperparameters: h.hyperparameters,
        options: h.options ?? {},
        params: h.params.map((p) => ({ name: p.name, shape: p.shape })),
        gradient: { kind: this.quadratic ? 'quadratic' : 'list' },
        lr_schedule: h.lrSchedule,
        steps: this.steps.length,
      },
      versions: h.versions,
      state_slots: h.stateSlots,
      ...(h.shard ? { shard: { rank: h.shard.rank, world_size: h.shard.worldSize } } : {}),
      initial: { file: 'initial.safetensors' },
      steps: this.steps,
    };
    const path = join(this.dir, this.manifestName);
    await writeFile(path, `${JSON.stringify(manifest, null, 1)}\n`);
    return path;
  }

  private tensors(v: BinaryStepValues, isStep: boolean): TensorToWrite[] {
    const dtype = this.header.dtype === 'float32' ? 'F32' : 'F64';
    const out: TensorToWrite[] = [];
    const add = (name: string, shape: readonly number[], values: Values | undefined) => {
      if (values === undefined) throw new Error(`no values for tensor ${JSON.stringify(name)}`);
      out.push({ name, dtype, shape, values });
    };
    for (const p of this.header.params) {
      if (isStep) add(tensorName.grads(p.name), p.shape, v.grads?.get(p.name));
      add(tensorName.params(p.name), p.shape, v.params.get(p.name));
      for (const slot of this.header.stateSlots) add(tensorName.state(slot, p.name), p.shape, v.state.get(p.name)?.[slot]);
      if (!isStep && v.coeffs) add(tensorName.coeffs(p.name), p.shape, v.coeffs.get(p.name));
    }
    return out;
  }
}

/**
 * Writes a parsed JSON trace in the binary form under `dir`. With `worldSize` > 1, writes one trace per
 * rank under `dir/rank-<r>/`: each parameter's flat elements are split into `worldSize` contiguous slices
 * (as FSDP shards a flattened parameter), rank r holding slice r as a 1-D parameter of the same name; a
 * rank whose slice of a parameter is empty does not list it. Returns the manifests' paths.
 */
export async function jsonTraceToBinary(trace: GoldenTrace, dir: string, worldSize = 1): Promise<string[]> {
  const c = trace.case;
  const paths: string[] = [];
  for (let rank = 0; rank < worldSize; rank++) {
    const slice = (length: number) => {
      const per = Math.ceil(length / worldSize);
      return [Math.min(length, rank * per), Math.min(length, (rank + 1) * per)] as const;
    };
    const params = c.params.flatMap((p) => {
      const [a, b] = slice(p.init.length);
      return b > a ? [{ name: p.name, shape: worldSize === 1 ? p.shape : [b - a], a, b }] : [];
    });
    if (params.length === 0) throw new Error(`rank ${rank} of ${worldSize} would hold no elements of ${c.name}`);
    const cut = <T extends Values>(m: ReadonlyMap<string, T>) => new Map(params.map((p) => [p.name, m.get(p.name)!.subarray(p.a, p.b)]));
    const cutState = (m: ReadonlyMap<string, Readonly<Record<string, Float64Array>>>) =>
      new Map(params.map((p) => [p.name, Object.fromEntries(trace.stateSlots.map((s) => [s, m.get(p.name)![s]!.subarray(p.a, p.b)]))]));
    const out = worldSize === 1 ? dir : join(dir, `rank-${rank}`);
    const writer = new BinaryTraceWriter(out, {
      name: c.name,
      framework: c.framework,
      optimizer: c.optimizer,
      dtype: c.dtype,
      hyperparameters: c.hyperparameters,
      options: c.options,
      params,
      lrSchedule: c.lrSchedule,
      versions: trace.versions,
      stateSlots: trace.stateSlots,
      shard: worldSize === 1 ? null : { rank, worldSize },
    });
    await writer.writeInitial({
      params: cut(new Map(c.params.map((p) => [p.name, p.init]))),
      state: cutState(trace.initialState),
      ...(c.gradient.kind === 'quadratic' ? { coeffs: cut(c.gradient.coeffs) } : {}),
    });
    for (const s of trace.steps) await writer.writeStep(s.lr, { grads: cut(s.grads), params: cut(s.params), state: cutState(s.state) });
    paths.push(await writer.finish());
  }
  return paths;
}
