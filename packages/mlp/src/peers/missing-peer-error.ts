/**
 * An optional peer dependency that this run needs is not installed. The heavy and data packages (TF.js,
 * WebGPU, the MNIST files) are optional peers of `@isostep/mlp`, so that training on the CPU installs none
 * of them; whoever asks for one gets this error, naming the package to install, instead of a resolver trace.
 */
export class MissingPeerError extends Error {
  override readonly name = 'MissingPeerError';
  constructor(
    /** The npm package to install. */
    readonly packageName: string,
    /** What it is needed for, e.g. "training on MNIST". */
    readonly neededFor: string,
    cause?: unknown,
  ) {
    super(`${neededFor} needs the package ${packageName}, which is not installed (npm install ${packageName})${cause === undefined ? '' : `: ${firstLine(cause)}`}`);
  }
}

/** The first line of an error's message (resolver errors list every path they tried). */
export function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}

/** Whether `e` says that `specifier` itself could not be resolved (not that something inside it failed). */
export function isNotFound(e: unknown, specifier: string): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && firstLine(e).includes(specifier);
}
