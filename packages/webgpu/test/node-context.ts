/** A Node device for tests, or the reason there is none (tests then skip with that reason). */
import { createNodeGpuContext } from '../src/node.js';
import type { GpuContext } from '../src/index.js';

export async function nodeContextOrReason(): Promise<GpuContext | string> {
  try {
    return await createNodeGpuContext();
  } catch (e) {
    return (e as Error).message;
  }
}
