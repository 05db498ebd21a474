/**
 * `isostep train --init <file>`: the initial weights of a run started elsewhere, from a safetensors file,
 * typically a torch `state_dict` (`safetensors.torch.save_file(model.state_dict(), path)`).
 *
 * Reader: no well-kept safetensors reader exists on npm (the `safetensors` package is a 0.0.1 placeholder),
 * so this uses the project's own strict reader of the documented format (`SafetensorsFile` of
 * `@isostep/conformance/node`, written for the binary trace form): it checks the header size, the JSON header,
 * dtypes, and that offsets match shape × dtype size and tile the data exactly; F32 and F64 only.
 *
 * Names: the MLP's own (`layer0.weight`, `layer0.bias`, …) or any module names whose weight/bias pairs sort,
 * numerically, in layer order: torch's `nn.Sequential` gives `0.weight`, `0.bias`, `2.weight`, … (the ReLUs
 * have no parameters), a module with `fc1`, `fc2`, … works too. Every shape must match `--layers` (weight
 * [out, in] as nn.Linear stores it, bias [out]); F64 values must be exactly float32 (the MLP is float32 and
 * rounding someone's weights silently would not be their run).
 */
import { SafetensorsFile } from '@isostep/conformance/node';
import { mlpParamNames } from '@isostep/mlp';

export class InitWeightsError extends Error {
  override readonly name = 'InitWeightsError';
  readonly option = '--init';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`--init ${file}: ${detail}`);
  }
}

interface LayerTensors {
  readonly module: string;
  weight?: string;
  bias?: string;
}

/** The layer sizes the file's weights describe (`784-128-10`), for the error when --layers differs. */
function sizesOf(layers: readonly LayerTensors[], shapes: ReadonlyMap<string, readonly number[]>): string {
  const sizes: number[] = [];
  layers.forEach((l, i) => {
    const shape = l.weight === undefined ? undefined : shapes.get(l.weight);
    if (shape?.length !== 2) return;
    if (i === 0) sizes.push(shape[1]!);
    sizes.push(shape[0]!);
  });
  return sizes.join('-');
}

/** Reads `path` into the MLP's parameters for `layers`, or throws InitWeightsError saying what does not fit. */
export async function readInitWeights(path: string, layers: readonly number[]): Promise<Map<string, Float32Array>> {
  let file: SafetensorsFile;
  try {
    file = await SafetensorsFile.open(path);
  } catch (error) {
    throw new InitWeightsError(path, (error as Error).message.replace(`${path}: `, ''));
  }
  try {
    const shapes = new Map([...file.header.tensors].map(([name, e]) => [name, e.shape]));
    const byModule = new Map<string, LayerTensors>();
    for (const name of shapes.keys()) {
      const dot = name.lastIndexOf('.');
      const kind = name.slice(dot + 1);
      if (dot < 1 || (kind !== 'weight' && kind !== 'bias')) {
        throw new InitWeightsError(path, `tensor ${JSON.stringify(name)} is not a <module>.weight or <module>.bias of a Linear layer`);
      }
      const module = name.slice(0, dot);
      const entry = byModule.get(module) ?? { module };
      entry[kind] = name;
      byModule.set(module, entry);
    }
    const ordered = [...byModule.values()].sort((a, b) => a.module.localeCompare(b.module, 'en', { numeric: true }));
    const want = layers.length - 1;
    const described = () => `the file holds ${ordered.map((l) => `${l.module} ${JSON.stringify(shapes.get(l.weight ?? l.bias!))}`).join(', ')}`;
    if (ordered.length !== want) {
      throw new InitWeightsError(path, `--layers ${layers.join('-')} has ${want} Linear layers, ${described()} (layers ${sizesOf(ordered, shapes)})`);
    }
    const names = mlpParamNames(want);
    const params = new Map<string, Float32Array>();
    for (let i = 0; i < want; i++) {
      const layer = ordered[i]!;
      const expected: [string | undefined, number[]][] = [
        [layer.weight, [layers[i + 1]!, layers[i]!]],
        [layer.bias, [layers[i + 1]!]],
      ];
      for (const [j, [tensor, shape]] of expected.entries()) {
        const role = j === 0 ? 'weight' : 'bias';
        if (tensor === undefined) throw new InitWeightsError(path, `${layer.module} has no ${role} (isostep train's MLP has a weight and a bias per layer)`);
        const got = shapes.get(tensor)!;
        if (got.length !== shape.length || got.some((d, k) => d !== shape[k])) {
          throw new InitWeightsError(
            path,
            `${tensor} has shape ${JSON.stringify(got)}, --layers ${layers.join('-')} needs ${JSON.stringify(shape)} (the file's layers: ${sizesOf(ordered, shapes)})`,
          );
        }
        const count = shape.reduce((a, b) => a * b, 1);
        const values = await file.read(tensor, 0, count);
        const f32 = Float32Array.from(values);
        const inexact = values.findIndex((v, k) => !Object.is(v, f32[k]!) && !(Number.isNaN(v) && Number.isNaN(f32[k]!)));
        if (inexact >= 0) throw new InitWeightsError(path, `${tensor}[${inexact}] = ${values[inexact]} is not a float32 value (the MLP trains in float32)`);
        params.set(names[2 * i + j]!, f32);
      }
    }
    return params;
  } finally {
    await file.close();
  }
}
