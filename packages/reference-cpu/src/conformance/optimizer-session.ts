/**
 * A conformance session over any synchronous CPU optimizer: the runner's named float64 values in, the
 * optimizer's tensors stepped in place, float64 values out. Generic over the optimizer: slots are the
 * spec's (`state.slots`, from `spec.program.slots`), by name.
 */
import {
  ShapeMismatchError,
  type BackendSession,
  type NamedValues,
  type Optimizer,
  type OptimizerState,
  type SessionSnapshot,
  type SlotValues,
  type Tensor,
} from '@isostep/spec';

/** Where a session's tensors live: plain typed arrays (exact reference) or the fast path's arena. */
export interface TensorHome {
  allocate(length: number): Tensor;
  release(t: Tensor): void;
}

export class OptimizerSession implements BackendSession {
  private params = new Map<string, Tensor>();
  private state: OptimizerState | undefined;

  constructor(
    private readonly opt: Optimizer,
    private readonly home: TensorHome,
  ) {}

  async load(params: NamedValues, state: ReadonlyMap<string, SlotValues>, completedSteps: number): Promise<void> {
    this.free();
    for (const [name, values] of params) this.params.set(name, this.tensor(values));
    const fresh = this.opt.init(this.params);
    // Held before the checks below, so that a failed load frees it with the params (dispose or next load).
    this.state = fresh;
    for (const name of state.keys()) {
      if (!params.has(name)) throw new ShapeMismatchError(`state["${name}"]`, 'the state of a loaded parameter', 'no such parameter');
    }
    for (const [name, p] of this.params) {
      const given = state.get(name) ?? {};
      for (const slot of Object.keys(given)) {
        if (!fresh.slots.includes(slot)) throw new ShapeMismatchError(`state["${name}"].${slot}`, `one of the allocated slots [${fresh.slots.join(', ')}]`, 'a slot this config does not allocate');
      }
      for (const slot of fresh.slots) {
        const values = given[slot];
        if (values === undefined || values.length !== p.length) {
          throw new ShapeMismatchError(`state["${name}"].${slot}`, `${p.length} values`, values === undefined ? 'nothing' : `${values.length} values`);
        }
        fresh.tensors.get(name)![slot]!.set(values);
      }
    }
    fresh.step = completedSteps;
  }

  async step(grads: NamedValues, lr: number): Promise<void> {
    if (this.state === undefined) throw new Error('step before load');
    const g = new Map<string, Tensor>();
    try {
      for (const [name, values] of grads) g.set(name, this.tensor(values));
      this.opt.step(this.params, g, this.state, { lr });
    } finally {
      for (const t of g.values()) this.home.release(t);
    }
  }

  async read(): Promise<SessionSnapshot> {
    if (this.state === undefined) throw new Error('read before load');
    const params = new Map<string, Float64Array>();
    const state = new Map<string, SlotValues>();
    for (const [name, p] of this.params) {
      params.set(name, Float64Array.from(p));
      const slots = this.state.tensors.get(name)!;
      state.set(name, Object.fromEntries(this.state.slots.map((slot) => [slot, Float64Array.from(slots[slot]!)])));
    }
    return { params, state };
  }

  async dispose(): Promise<void> {
    this.free();
  }

  /** A tensor of the optimizer's dtype where it steps fastest, holding `values` (exact values of the dtype). */
  private tensor(values: Float64Array): Tensor {
    const t = this.home.allocate(values.length);
    t.set(values);
    return t;
  }

  private free(): void {
    for (const p of this.params.values()) this.home.release(p);
    if (this.state) for (const slots of this.state.tensors.values()) for (const t of Object.values(slots)) this.home.release(t);
    this.params = new Map();
    this.state = undefined;
  }
}
