/**
 * A binary trace opened for streaming (Node): the manifest parsed, and every safetensors file's header
 * read and checked against it before any value is used, so a broken trace is rejected as a whole, like a
 * JSON one, never half-run. Values stay in the files: `read` returns one slice of one tensor of one step.
 *
 * Files are opened lazily and at most MAX_OPEN stay open (least recently used closed first), so a trace of
 * thousands of steps does not run into the process's limit on open files.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { TraceFormatError } from '../trace/trace-format-error.js';
import { parseBinaryManifest, tensorName, type BinaryTraceManifest } from './binary-manifest.js';
import { SafetensorsFile } from './safetensors-file.js';

const MAX_OPEN = 32;

/** Which file: the initial values, or step k (1-based). */
export type BinaryFileRef = 'initial' | number;

export class BinaryTraceSource {
  private readonly open = new Map<string, SafetensorsFile>();

  private constructor(
    readonly manifest: BinaryTraceManifest,
    private readonly dir: string,
  ) {}

  /** Reads the manifest at `path` and checks every file it names; throws TraceFormatError or SafetensorsFormatError. */
  static async open(path: string): Promise<BinaryTraceSource> {
    return BinaryTraceSource.fromManifest(parseBinaryManifest(await readFile(path, 'utf8'), path));
  }

  /** A manifest already parsed (its `file` locates the safetensors files). */
  static async fromManifest(manifest: BinaryTraceManifest): Promise<BinaryTraceSource> {
    const source = new BinaryTraceSource(manifest, dirname(manifest.file));
    try {
      await source.checkFile('initial', source.expectedTensors('initial'));
      for (const s of manifest.steps) await source.checkFile(s.step, source.expectedTensors(s.step));
    } catch (e) {
      await source.close();
      throw e;
    }
    return source;
  }

  /** `count` values of a tensor of one file from flat index `start`, exact, as float64. */
  async read(ref: BinaryFileRef, tensor: string, start: number, count: number): Promise<Float64Array> {
    return (await this.file(ref)).read(tensor, start, count);
  }

  async close(): Promise<void> {
    for (const f of this.open.values()) await f.close();
    this.open.clear();
  }

  private path(ref: BinaryFileRef): string {
    return ref === 'initial' ? this.manifest.initialFile : this.manifest.steps[ref - 1]!.file;
  }

  private async file(ref: BinaryFileRef): Promise<SafetensorsFile> {
    const rel = this.path(ref);
    let f = this.open.get(rel);
    if (f !== undefined) {
      // Re-insert: Map keeps insertion order, so the first key is the least recently used.
      this.open.delete(rel);
      this.open.set(rel, f);
      return f;
    }
    if (this.open.size >= MAX_OPEN) {
      const [oldest, handle] = this.open.entries().next().value as [string, SafetensorsFile];
      this.open.delete(oldest);
      await handle.close();
    }
    f = await SafetensorsFile.open(join(this.dir, rel));
    this.open.set(rel, f);
    return f;
  }

  /** Every tensor a file must hold (name → shape), and nothing else: an extra tensor is one no check would read. */
  private expectedTensors(ref: BinaryFileRef): Map<string, readonly number[]> {
    const { case: c, stateSlots } = this.manifest;
    const want = new Map<string, readonly number[]>();
    for (const p of c.params) {
      want.set(tensorName.params(p.name), p.shape);
      if (ref !== 'initial') want.set(tensorName.grads(p.name), p.shape);
      if (ref === 'initial' && c.gradient === 'quadratic') want.set(tensorName.coeffs(p.name), p.shape);
      for (const slot of stateSlots) want.set(tensorName.state(slot, p.name), p.shape);
    }
    return want;
  }

  private async checkFile(ref: BinaryFileRef, want: Map<string, readonly number[]>): Promise<void> {
    const rel = this.path(ref);
    const where = ref === 'initial' ? '$.initial.file' : `$.steps[${ref - 1}].file`;
    let f: SafetensorsFile;
    try {
      f = await this.file(ref);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === undefined) throw e;
      throw new TraceFormatError({ file: this.manifest.file, jsonPath: where, expected: 'a readable safetensors file', found: `${JSON.stringify(rel)} (${(e as Error).message})` });
    }
    const dtype = this.manifest.case.dtype === 'float32' ? 'F32' : 'F64';
    const problem = (detail: string): never => {
      throw new TraceFormatError({ file: this.manifest.file, jsonPath: where, expected: `a safetensors file holding exactly this step's tensors`, found: `${rel}: ${detail}` });
    };
    for (const name of f.header.tensors.keys()) if (!want.has(name)) problem(`the tensor ${JSON.stringify(name)}, which the trace does not define`);
    for (const [name, shape] of want) {
      const entry = f.header.tensors.get(name);
      if (entry === undefined) return problem(`no tensor ${JSON.stringify(name)}`);
      if (entry.dtype !== dtype) problem(`tensor ${JSON.stringify(name)} is ${entry.dtype}, the case dtype ${this.manifest.case.dtype} is ${dtype}`);
      if (entry.shape.join(',') !== shape.join(',')) problem(`tensor ${JSON.stringify(name)} has shape [${entry.shape.join(', ')}], the parameter [${shape.join(', ')}]`);
    }
  }
}
