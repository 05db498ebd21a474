import { defineConfig } from 'vitest/config';

// Read workspace packages from their TypeScript sources (the "source" export condition).
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['lib/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    // The browser suite builds the site once in beforeAll (vitepress build: ~30–60 s on 2 cores).
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
