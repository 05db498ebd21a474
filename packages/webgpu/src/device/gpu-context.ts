/**
 * One owner for a GPU device and everything that must outlive it.
 *
 * In Node (Dawn via the `webgpu` package) the `GPU` object returned by `create()` owns the Dawn instance
 * while the binding's event loop only holds a raw pointer to it: once V8 collects that object, the next
 * `mapAsync` or `onSubmittedWorkDone` runs on freed memory and the process crashes. Holding the adapter
 * or the device does not keep it alive. So the context keeps `gpu` reachable for the device's whole life,
 * and everything that uses the device holds the context, never the bare device.
 */
export interface GpuContext {
  /** Kept only so it is not garbage-collected while the device lives (see above). */
  readonly gpu: GPU | null;
  readonly adapter: GPUAdapter | null;
  readonly device: GPUDevice;
  /** Human-readable adapter name for reports: vendor, architecture, device, description. */
  readonly adapterName: string;
  /** Destroys the device (when this context created it) and drops the `gpu` reference. */
  close(): void;
}

export function describeAdapter(info: GPUAdapterInfo | undefined): string {
  if (info === undefined) return 'unknown adapter';
  const parts = [info.vendor, info.architecture, info.device, info.description].filter((x) => x !== undefined && x !== '');
  return parts.length > 0 ? parts.join(' / ') : 'unnamed adapter';
}

/** Wraps a device the caller created (browser): the caller owns it, so `close()` does not destroy it. */
export function contextFromDevice(device: GPUDevice): GpuContext {
  return {
    gpu: null,
    adapter: null,
    device,
    adapterName: describeAdapter((device as { adapterInfo?: GPUAdapterInfo }).adapterInfo),
    close: () => {},
  };
}

/** Requests an adapter and a device with the adapter's largest buffer limits from a `GPU` object. */
export async function contextFromGpu(gpu: GPU, onClose: () => void = () => {}): Promise<GpuContext | string> {
  const adapter = await gpu.requestAdapter();
  if (adapter === null) return 'requestAdapter() returned null';
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
      // An optimizer binds params, gradients and one buffer per slot; take all the adapter offers.
      maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage,
    },
  });
  let held: GPU | null = gpu;
  return {
    get gpu() {
      return held;
    },
    adapter,
    device,
    adapterName: describeAdapter(adapter.info),
    close() {
      device.destroy();
      held = null;
      onClose();
    },
  };
}
