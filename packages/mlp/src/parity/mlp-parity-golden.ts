import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One recorded PyTorch run (see generators/torch_mlp_parity.py for how it is made). */
export interface MlpParityGolden {
  readonly sizes: number[];
  readonly seed: number;
  readonly shuffleSeed: number;
  readonly preset: string;
  readonly hyperparameters: { lr: number; rho: number; eps: number; momentum: number };
  readonly initSha256: string;
  readonly batches: number[][];
  readonly float32: { losses: number[]; finalParams: Record<string, string> };
  readonly float64: { losses: number[]; finalParams: Record<string, string> };
  readonly provenance: Record<string, unknown>;
}

export const MLP_PARITY_GOLDEN = fileURLToPath(new URL('../../golden-mlp/torch-rmsprop-784-32-10.json', import.meta.url));

export function readMlpParityGolden(path = MLP_PARITY_GOLDEN): MlpParityGolden {
  return JSON.parse(readFileSync(path, 'utf8')) as MlpParityGolden;
}

/** Little-endian float32 bytes, base64 (how the generator stores tensors). */
export function decodeFloat32(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(4 * i);
  return out;
}
