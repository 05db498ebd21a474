import { defineConfig } from 'vitest/config';

// Read workspace packages from their TypeScript sources (the "source" export condition).
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // The readback stability test forces garbage collection between cycles (global.gc).
    execArgv: ['--expose-gc'],
    // One software GPU (lavapipe) on few cores: files share it one at a time.
    fileParallelism: false,
  },
});
