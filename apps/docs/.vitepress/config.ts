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

/**
 * The optimizer pages, in the registry's order. Listed here because this config runs in plain Node, where
 * the workspace packages (TypeScript sources) do not load; the site test checks the list against
 * `optimizerNames()` and each page's title against its descriptor.
 */
export const OPTIMIZER_PAGES: readonly (readonly [string, string])[] = [
  ['rmsprop', 'RMSprop'],
  ['sgd', 'SGD'],
  ['adagrad', 'Adagrad'],
  ['adadelta', 'Adadelta'],
  ['adam', 'Adam'],
  ['adamw', 'AdamW'],
];

export default defineConfig({
  title: 'Isostep',
  description: "Optimizers' framework variants (RMSprop, SGD, Adagrad, Adadelta, Adam, AdamW), written as one spec, run side by side in your browser.",
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
      { text: 'Optimizers', link: '/optimizers/rmsprop' },
      { text: 'Variants', link: '/variants' },
      { text: 'Examples', link: '/examples/race' },
    ],
    sidebar: [
      { text: 'The spec', items: [{ text: 'The math', link: '/algorithm' }, { text: 'Variants table', link: '/variants' }] },
      // One page per optimizer module (optimizers/<name>.md); test/site.test.ts checks these cover the registry.
      {
        text: 'Optimizers',
        items: OPTIMIZER_PAGES.map(([name, title]) => ({ text: title, link: `/optimizers/${name}` })),
      },
      {
        text: 'Runnable examples',
        items: [
          { text: 'The race: six optimizers', link: '/examples/race' },
          { text: 'The RMSprop race: twelve presets', link: '/examples/rmsprop-race' },
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
