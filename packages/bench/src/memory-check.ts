/** Refuses a size that cannot fit, before anything is allocated. */
import { constants } from 'node:buffer';
import { freemem, totalmem } from 'node:os';

export class BenchSizeError extends RangeError {}

/**
 * `arrays` arrays of `params` elements of `bytes` each. Checks the typed-array length limit, the wasm32
 * arena (4 GiB) when `arena`, and the machine's memory (free memory plus a margin the OS can reclaim).
 */
export function checkFits(what: string, params: number, arrays: number, bytes: number, arena = false): void {
  const total = params * arrays * bytes;
  const gib = (x: number) => `${(x / 2 ** 30).toFixed(2)} GiB`;
  if (params * bytes > constants.MAX_LENGTH) {
    throw new BenchSizeError(`--sizes: ${params} parameters for ${what}: one array would be ${gib(params * bytes)}, over the typed array limit of ${gib(constants.MAX_LENGTH)}`);
  }
  if (arena && total > 4 * 2 ** 30 - 2 ** 24) {
    throw new BenchSizeError(`--sizes: ${params} parameters for ${what} need ${gib(total)} in the WebAssembly arena, which holds at most 4 GiB (wasm32)`);
  }
  if (total > totalmem() * 0.8 || total > freemem() + totalmem() * 0.1) {
    throw new BenchSizeError(
      `--sizes: ${params} parameters for ${what} need ${gib(total)}; this machine has ${gib(totalmem())} (${gib(freemem())} free)`,
    );
  }
}
