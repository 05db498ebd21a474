/**
 * How pixels become inputs. The loader gives x = p/255 in [0, 1] (torchvision's `ToTensor()`); tutorials also
 * use `Normalize((0.5,), (0.5,))` on top, x' = (x − 0.5)/0.5 in [−1, 1]. A run reproduced from another
 * framework must see the inputs it saw, so `isostep train --scale` selects one. The normalization is
 * computed as torch computes it, in float32: the subtraction rounded, then the division (by 0.5: exact).
 */
import type { LabelledImages } from './mnist.js';

/** The names people write: the formula, or a word for it. */
export const INPUT_SCALES = {
  'x/255': 'unit',
  unit: 'unit',
  '(x/255-0.5)/0.5': 'symmetric',
  symmetric: 'symmetric',
} as const;
export type InputScale = (typeof INPUT_SCALES)[keyof typeof INPUT_SCALES];

/** The scale a name means, or undefined for an unknown one. Spaces are ignored: `(x/255 - 0.5) / 0.5`. */
export function inputScaleOf(name: string): InputScale | undefined {
  const key = name.replace(/\s+/g, '');
  return Object.hasOwn(INPUT_SCALES, key) ? INPUT_SCALES[key as keyof typeof INPUT_SCALES] : undefined;
}

/** Applies `scale` to images already holding p/255, in place (the loaded arrays are the run's own). */
export function applyInputScale(images: LabelledImages, scale: InputScale): LabelledImages {
  if (scale === 'symmetric') {
    const x = images.images;
    for (let i = 0; i < x.length; i++) x[i] = Math.fround(x[i]! - 0.5) / 0.5;
  }
  return images;
}
