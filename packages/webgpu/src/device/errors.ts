/** Typed errors of the WebGPU backend, each naming what went wrong and what is still available. */
import { IsostepError } from '@isostep/spec';

/** No WebGPU adapter here (no `navigator.gpu`, no Vulkan/Metal/D3D driver, or the `webgpu` package is missing). */
export class NoAdapterError extends IsostepError {
  constructor(readonly reason: string) {
    super(`no WebGPU adapter: ${reason}`);
  }
}

/** The model does not fit one of the device's buffer limits. */
export class BufferLimitError extends IsostepError {
  constructor(
    readonly limit: 'maxStorageBufferBindingSize' | 'maxBufferSize',
    readonly limitBytes: number,
    readonly requestedBytes: number,
    readonly params: number,
  ) {
    super(
      `model too large for this device: ${params} float32 params need a ${requestedBytes}-byte buffer, ` +
        `above the device's ${limit} of ${limitBytes} bytes`,
    );
  }
}

/**
 * The device was lost (driver reset, `device.destroy()`, tab backgrounded). GPU buffers are gone; the
 * last state read back to the host (`lastReadStep`) is still available from the optimizer's `lastRead()`.
 */
export class DeviceLostError extends IsostepError {
  constructor(
    readonly reason: string,
    readonly deviceMessage: string,
    readonly lastReadStep: number | null,
  ) {
    super(
      `WebGPU device lost (${reason}${deviceMessage ? `: ${deviceMessage}` : ''}); ` +
        (lastReadStep === null ? 'no state was read back before the loss' : `state of step ${lastReadStep} is available from lastRead()`),
    );
  }
}

/** The generated shader binds more storage buffers (params, gradients, slots) than the device allows per stage. */
export class BindingLimitError extends IsostepError {
  constructor(
    readonly limitBuffers: number,
    readonly requestedBuffers: number,
    readonly optimizer: string,
  ) {
    super(
      `${optimizer} needs ${requestedBuffers} storage buffers in one shader stage (params, gradients and each slot), ` +
        `above the device's maxStorageBuffersPerShaderStage of ${limitBuffers}`,
    );
  }
}
