/** An MLP that cannot be exported; `layer` names the offending layer (or parameter) when there is one. */
export class OnnxExportError extends Error {
  override readonly name = 'OnnxExportError';
  constructor(
    message: string,
    readonly layer?: string,
  ) {
    super(message);
  }
}
