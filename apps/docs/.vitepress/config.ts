import type { IncomingMessage, ServerResponse } from 'node:http';
import { defineConfig } from 'vitepress';
import { generatedAssets, writeAssets } from './assets.js';

/** The part of Vite's dev server this plugin uses (vite itself is vitepress's dependency, not ours). */
interface DevServer {
  middlewares: { use(fn: (req: IncomingMessage, res: ServerResponse, next: () => void) => void): void };
}

/** Serves the build-time assets from memory under `vitepress dev`. */
function devAssets() {
  let assets: Map<string, Uint8Array> | null = null;
  return {
    name: 'isostep-docs-assets',
    apply: 'serve' as const,
    configureServer(server: DevServer) {
      server.middlewares.use((req, res, next) => {
        assets ??= generatedAssets();
        const path = decodeURIComponent((req.url ?? '').split('?')[0]!.replace(/^\//, ''));
        const body = assets.get(path);
        if (body === undefined) return next();
        const type = path.endsWith('.json') ? 'application/json' : path.endsWith('.js') ? 'text/javascript' : 'application/octet-stream';
        res.setHeader('Content-Type', type);
        res.end(body);
      });
    },
  };
}

export default defineConfig({
  title: 'Isostep',
  description: "RMSprop's framework variants, written as one spec, run side by side in your browser.",
  cleanUrls: false,
  // No favicon file: an empty data URL stops the browser's /favicon.ico request (a 404 in the console).
  head: [['link', { rel: 'icon', href: 'data:,' }]],
  srcExclude: ['screenshots/**', 'test/**', 'lib/**', 'README.md'],
  buildEnd(site) {
    writeAssets(site.outDir);
  },
  themeConfig: {
    nav: [
      { text: 'Math', link: '/algorithm' },
      { text: 'Variants', link: '/variants' },
      { text: 'Examples', link: '/examples/race' },
    ],
    sidebar: [
      { text: 'The spec', items: [{ text: 'The math', link: '/algorithm' }, { text: 'Variants table', link: '/variants' }] },
      {
        text: 'Runnable examples',
        items: [
          { text: 'The race', link: '/examples/race' },
          { text: 'MNIST: ρ 0.9 vs 0.999', link: '/examples/mnist' },
          { text: 'Conformance in your browser', link: '/examples/conformance' },
          { text: 'Port my optimizer', link: '/examples/port' },
        ],
      },
    ],
  },
  vite: {
    // Workspace packages are read from their TypeScript sources (the "source" export condition).
    resolve: { conditions: ['source'] },
    ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] }, noExternal: [/^@isostep\//] },
    plugins: [devAssets()],
    build: { chunkSizeWarningLimit: 6000 },
  },
});
