/**
 * One safetensors file opened for reading ranges of its tensors (Node). Only the header is read on open;
 * values are read on demand, a slice of one tensor at a time, straight from the file into a buffer of that
 * slice's size: nothing here ever holds a whole tensor unless asked for one.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { headerLength, parseSafetensorsHeader, SAFETENSORS_DTYPES, type SafetensorsHeader } from './safetensors-header.js';

// The data is little-endian; typed arrays use the host's order. Every platform Node ships for is
// little-endian, and a big-endian one would read wrong numbers silently, so say so instead.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class SafetensorsFile {
  private constructor(
    readonly path: string,
    readonly header: SafetensorsHeader,
    private handle: FileHandle | null,
  ) {}

  static async open(path: string): Promise<SafetensorsFile> {
    if (!LITTLE_ENDIAN) throw new Error('safetensors data is little-endian; this reader needs a little-endian host');
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const first8 = new Uint8Array(8);
      await handle.read(first8, 0, Math.min(8, size), 0);
      const n = headerLength(first8, size, path);
      const headerBytes = new Uint8Array(n);
      await handle.read(headerBytes, 0, n, 8);
      return new SafetensorsFile(path, parseSafetensorsHeader(headerBytes, size, path), handle);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  /**
   * `count` elements of tensor `name` from flat index `start`, as exact float64 values (a float32 is
   * widened exactly). The caller has checked the tensor exists and the range lies inside it.
   */
  async read(name: string, start: number, count: number): Promise<Float64Array> {
    if (this.handle === null) throw new Error(`${this.path}: read after close`);
    const entry = this.header.tensors.get(name)!;
    const size = SAFETENSORS_DTYPES[entry.dtype];
    const bytes = new Uint8Array(count * size);
    const position = this.header.dataStart + entry.begin + start * size;
    let done = 0;
    while (done < bytes.length) {
      const { bytesRead } = await this.handle.read(bytes, done, bytes.length - done, position + done);
      if (bytesRead === 0) throw new Error(`${this.path}: the file ended inside tensor ${JSON.stringify(name)} (was it truncated while being read?)`);
      done += bytesRead;
    }
    return entry.dtype === 'F64' ? new Float64Array(bytes.buffer) : Float64Array.from(new Float32Array(bytes.buffer));
  }

  async close(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    await h?.close();
  }
}
