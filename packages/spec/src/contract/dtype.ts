/** The element types a backend can store tensors in. float64 exists on the CPU backends only. */
export type Dtype = 'float32' | 'float64';

export const DTYPES: readonly Dtype[] = ['float32', 'float64'];
