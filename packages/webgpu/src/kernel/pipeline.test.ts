import { describe, expect, it } from 'vitest';
import { dispatchGrid } from './pipeline.js';
import { WORKGROUP_SIZE } from './wgsl-from-graph.js';

/** The shader's element index for an invocation (`id.y * rowStride + id.x`), as in the generated WGSL. */
const index = (x: number, y: number, rowStride: number) => y * rowStride + x;

describe('dispatch grid', () => {
  it('is one row while the groups fit one dimension', () => {
    expect(dispatchGrid(1000, 65535)).toEqual({ x: 4, y: 1, rowStride: 4 * WORKGROUP_SIZE });
  });

  it('wraps into rows past maxComputeWorkgroupsPerDimension, covering every element exactly once', () => {
    const max = 7;
    for (const n of [max * WORKGROUP_SIZE, max * WORKGROUP_SIZE + 1, 3 * max * WORKGROUP_SIZE - 5]) {
      const g = dispatchGrid(n, max);
      expect(g.x).toBeLessThanOrEqual(max);
      expect(g.y).toBe(Math.ceil(Math.ceil(n / WORKGROUP_SIZE) / max));
      // Rows are contiguous: the last invocation of a row is followed by the first of the next.
      expect(index(0, 1, g.rowStride)).toBe(index(g.x * WORKGROUP_SIZE - 1, 0, g.rowStride) + 1);
      // The grid reaches the last element; invocations past n return early in the shader.
      expect(index(g.x * WORKGROUP_SIZE - 1, g.y - 1, g.rowStride)).toBeGreaterThanOrEqual(n - 1);
    }
  });
});
