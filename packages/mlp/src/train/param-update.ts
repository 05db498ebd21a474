/**
 * The training loop steps either shape of the spec's optimizer contract, and nothing narrower: a backend
 * is usable for training as soon as it implements `Optimizer` (sync, the caller's memory: exact and fast
 * CPU) or `ResidentOptimizer` (the backend's memory: WebGPU buffers, TF.js variables).
 */
import type { Optimizer, ResidentOptimizer } from '@isostep/spec';

export type TrainOptimizer = Optimizer | ResidentOptimizer;

/** A parameter update from the MLP's gradients; may be asynchronous (a GPU step that reads params back). */
export type ParamUpdate = (params: Map<string, Float32Array>, grads: Map<string, Float32Array>) => void | Promise<void>;

export function isResident(optimizer: TrainOptimizer): optimizer is ResidentOptimizer {
  return typeof (optimizer as Partial<ResidentOptimizer>).load === 'function';
}

/**
 * Starts `optimizer` from the MLP's current parameters (fresh slots, step 0) and returns the update that
 * steps them. A sync optimizer steps `params` in place. A resident one steps its own copy, so every update
 * reads the params back: the next forward pass runs on the CPU and needs them (the state comes back too,
 * because `read` is the contract's only read-back; it is small next to the gradients' upload).
 */
export async function bindOptimizer(optimizer: TrainOptimizer, params: Map<string, Float32Array>): Promise<ParamUpdate> {
  if (!isResident(optimizer)) {
    const state = optimizer.init(params);
    return (p, g) => optimizer.step(p, g, state);
  }
  await optimizer.load(params);
  return async (p, g) => {
    await optimizer.step(g);
    const snapshot = await optimizer.read();
    for (const [name, values] of snapshot.params) p.get(name)!.set(values);
  };
}
