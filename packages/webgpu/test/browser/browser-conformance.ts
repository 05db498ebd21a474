/**
 * Runs the golden traces in Chromium: bundles the page (esbuild), starts the system Chromium through
 * playwright-core (never a downloaded browser), serves the page from a routed localhost origin (WebGPU
 * needs a secure context) and returns the page's JSON results.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { collectTraceFiles, type Mode } from '@isostep/conformance/node';
import { GOLDEN_DIR } from '@isostep/conformance/vitest';
import { build, type Plugin } from 'esbuild';
import { chromium } from 'playwright-core';
import type { BrowserRun } from './page-entry.js';

export const CHROMIUM = process.env.ISOSTEP_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--enable-unsafe-webgpu',
  '--headless',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Why the browser test cannot run here, or null. */
export function browserUnavailable(): string | null {
  return existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM} (apt-get install chromium: .ci/install-webgpu.sh)`;
}

/** The trace reader's file-system helpers are not used in the page; their imports resolve to nothing. */
const stubNodeBuiltins: Plugin = {
  name: 'stub-node-builtins',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'stub' }));
    // CommonJS, so any named import binds; each throws if ever called in the page.
    b.onLoad({ filter: /.*/, namespace: 'stub' }, (args) => ({
      contents: `module.exports = new Proxy({}, { get: (_t, k) => () => { throw new Error('${args.path}.' + String(k) + ' is not available in a browser'); } });`,
      loader: 'js',
    }));
  },
};

async function bundlePage(): Promise<string> {
  const out = await build({
    entryPoints: [fileURLToPath(new URL('./page-entry.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    plugins: [stubNodeBuiltins],
    logLevel: 'error',
  });
  return out.outputFiles[0]!.text;
}

export async function runBrowserConformance(options: { modes: Mode[]; dir?: string }): Promise<BrowserRun> {
  const files = await collectTraceFiles([options.dir ?? GOLDEN_DIR]);
  const traces = await Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })));
  const script = await bundlePage();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
  try {
    const page = await browser.newPage();
    const logs: string[] = [];
    page.on('console', (m) => logs.push(m.text()));
    page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
    await page.route('http://localhost/**', (route) => {
      const url = route.request().url();
      if (url.endsWith('/page.js')) return route.fulfill({ contentType: 'text/javascript', body: script });
      return route.fulfill({ contentType: 'text/html', body: '<!doctype html><script type="module" src="/page.js"></script>' });
    });
    await page.goto('http://localhost/');
    await page.waitForFunction(() => 'runConformance' in globalThis, undefined, { timeout: 30_000 }).catch(() => {
      throw new Error(`the test page did not load: ${logs.join(' | ')}`);
    });
    return await page.evaluate(
      ([t, m]) => (globalThis as unknown as { runConformance: (t: unknown, m: unknown) => Promise<BrowserRun> }).runConformance(t, m),
      [traces, options.modes] as const,
    );
  } finally {
    await browser.close();
  }
}
