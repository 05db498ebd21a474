/** A `--backend` that cannot run here; the message starts with the option and names the reason. */
export class TrainBackendError extends Error {
  override readonly name = 'TrainBackendError';
  constructor(
    readonly backend: string,
    reason: string,
  ) {
    super(`--backend ${backend}: ${reason}`);
  }
}
