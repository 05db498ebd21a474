/**
 * A recorder that writes the `isostep-golden/2` format (FORMAT.md) from any optimizer run: the case, the
 * initial state, then one `addStep` per step (gradients fed, lr used, params and state after). The
 * framework-specific recorders (`recordTfOptimizer`, `recordOptimizer`) feed it; it is usable directly for
 * code they do not cover. Browser-safe: it produces text; `writeTraceFile` (./node) puts it on disk.
 */
import type { Dtype } from '@isostep/spec';
import { traceNumber, traceVector } from './trace-numbers.js';

type Scalar = number | boolean | null | readonly number[];

export interface RecordedCase {
  /** `[a-z0-9_.-]+`. */
  readonly name: string;
  /** The framework's name (`tfjs`, `torch`, …), or `isostep` for a preset named in `options.preset`. */
  readonly framework: string;
  readonly optimizer: string;
  readonly dtype: Dtype;
  /** The framework's own argument names (or, for `isostep`, the spec's config fields). */
  readonly hyperparameters: Readonly<Record<string, Scalar>>;
  readonly options?: Readonly<Record<string, Scalar | string>>;
  readonly versions: Readonly<Record<string, string>>;
  /** 'recorded': every step carries the lr it used; 'constant': the hyperparameters' lr throughout. */
  readonly lrSchedule: 'constant' | 'recorded';
}

export interface RecordedParam {
  readonly name: string;
  readonly shape: readonly number[];
  readonly init: ArrayLike<number>;
}

export interface RecordedStep {
  /** Required with lrSchedule 'recorded', refused with 'constant'. */
  readonly lr?: number;
  readonly grads: Readonly<Record<string, ArrayLike<number>>>;
  readonly params: Readonly<Record<string, ArrayLike<number>>>;
  readonly state: Readonly<Record<string, Readonly<Record<string, ArrayLike<number>>>>>;
}

const NAME = /^[a-z0-9_.-]+$/;

export class TraceRecorder {
  private readonly steps: string[] = [];
  private readonly sizes: Map<string, number>;

  constructor(
    readonly recordedCase: RecordedCase,
    readonly params: readonly RecordedParam[],
    /** The framework's slot names, per parameter. */
    readonly stateSlots: readonly string[],
    private readonly initialState: Readonly<Record<string, Readonly<Record<string, ArrayLike<number>>>>>,
    /** Stop recording after this many steps (later `addStep`s are ignored). */
    readonly maxSteps = Infinity,
  ) {
    if (!NAME.test(recordedCase.name)) throw new TypeError(`trace name ${JSON.stringify(recordedCase.name)}: use [a-z0-9_.-]+`);
    this.sizes = new Map(params.map((p) => [p.name, p.shape.reduce((a, b) => a * b, 1)]));
    if (this.sizes.size !== params.length) throw new TypeError('parameter names must be unique');
    for (const p of params) this.check(`init of ${p.name}`, p.init, p.name);
    this.checkState('initial state', initialState);
  }

  /** Steps recorded so far. */
  get length(): number {
    return this.steps.length;
  }

  get done(): boolean {
    return this.steps.length >= this.maxSteps;
  }

  addStep(step: RecordedStep): void {
    if (this.done) return;
    const k = this.steps.length + 1;
    const { dtype, lrSchedule } = this.recordedCase;
    if (lrSchedule === 'recorded' && !(typeof step.lr === 'number' && Number.isFinite(step.lr) && step.lr >= 0)) {
      throw new TypeError(`step ${k}: a finite lr >= 0 is required (lrSchedule 'recorded')`);
    }
    if (lrSchedule === 'constant' && step.lr !== undefined) throw new TypeError(`step ${k}: no lr with lrSchedule 'constant'`);
    for (const p of this.params) {
      this.check(`step ${k} grads of ${p.name}`, step.grads[p.name], p.name);
      this.check(`step ${k} params of ${p.name}`, step.params[p.name], p.name);
    }
    this.checkState(`step ${k} state`, step.state);
    const perParam = (values: RecordedStep['grads']) => this.object(this.params.map((p) => [p.name, traceVector(values[p.name]!, dtype)]), 6);
    const lines = [`{ "step": ${k}`];
    if (lrSchedule === 'recorded') lines.push(`"lr": ${String(step.lr)}`); // the double as used
    lines.push(`"grads": ${perParam(step.grads)}`, `"params": ${perParam(step.params)}`, `"state": ${this.stateText(step.state, 6)}`);
    this.steps.push(lines.join(',\n      ') + ' }');
  }

  /** The trace as JSON text (a valid file once at least one step is recorded). */
  toJSON(): string {
    if (this.steps.length === 0) throw new Error('no step recorded yet');
    const c = this.recordedCase;
    const scalar = (v: Scalar | string): string => (Array.isArray(v) ? `[${v.map((x) => traceNumber(x, 'float64')).join(', ')}]` : typeof v === 'number' ? traceNumber(v, 'float64') : JSON.stringify(v));
    const obj = (o: Readonly<Record<string, Scalar | string>>) => this.object(Object.entries(o).map(([k, v]) => [k, scalar(v)]), 4);
    const caseLines = [
      `"name": ${JSON.stringify(c.name)}`,
      `"framework": ${JSON.stringify(c.framework)}`,
      `"optimizer": ${JSON.stringify(c.optimizer)}`,
      `"dtype": ${JSON.stringify(c.dtype)}`,
      `"hyperparameters": ${obj(c.hyperparameters)}`,
      ...(c.options && Object.keys(c.options).length > 0 ? [`"options": ${obj(c.options)}`] : []),
      `"params": [\n${this.params.map((p) => `      { "name": ${JSON.stringify(p.name)}, "shape": ${JSON.stringify(p.shape)}, "init": ${traceVector(p.init, c.dtype)} }`).join(',\n')}\n    ]`,
      '"gradient": { "kind": "list" }',
      `"lr_schedule": ${JSON.stringify(c.lrSchedule)}`,
      `"steps": ${this.steps.length}`,
    ];
    return [
      '{',
      '  "format": "isostep-golden/2",',
      `  "case": {\n    ${caseLines.join(',\n    ')}\n  },`,
      `  "versions": ${JSON.stringify(c.versions)},`,
      `  "state_slots": ${JSON.stringify(this.stateSlots)},`,
      `  "initial_state": ${this.stateText(this.initialState, 2)},`,
      `  "steps": [\n    ${this.steps.join(',\n    ')}\n  ]`,
      '}',
      '',
    ].join('\n');
  }

  private stateText(state: RecordedStep['state'], indent: number): string {
    const { dtype } = this.recordedCase;
    return this.object(
      this.params.map((p) => [p.name, `{ ${this.stateSlots.map((s) => `${JSON.stringify(s)}: ${traceVector(state[p.name]![s]!, dtype)}`).join(', ')} }`]),
      indent + 2,
    );
  }

  private object(entries: readonly (readonly [string, string])[], indent: number): string {
    if (entries.length === 0) return '{}';
    const pad = ' '.repeat(indent);
    return `{\n${entries.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${v}`).join(',\n')}\n${' '.repeat(indent - 2)}}`;
  }

  private check(what: string, values: ArrayLike<number> | undefined, param: string): void {
    const n = this.sizes.get(param)!;
    if (values === undefined || values.length !== n) throw new TypeError(`${what}: expected ${n} values, found ${values === undefined ? 'none' : values.length}`);
  }

  private checkState(what: string, state: RecordedStep['state']): void {
    for (const p of this.params) {
      for (const s of this.stateSlots) this.check(`${what} ${p.name}.${s}`, state[p.name]?.[s], p.name);
    }
  }
}
