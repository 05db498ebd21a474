/**
 * Optional packages (declared as optional peer dependencies of `@isostep/cli`) are imported by literal
 * specifier, so bundlers, pnpm and `npm ls` all see them. When one is not installed the import fails; this
 * module turns that failure into the one thing a user needs: the name of the package to install.
 */

/** A feature of the CLI needs a package that is not installed. */
export class MissingPackageError extends Error {
  override readonly name = 'MissingPackageError';
  constructor(
    /** The package to install (the one the runtime could not find, else the one the feature declares). */
    readonly packageName: string,
    /** What needed it: `backend webgpu`, `--export`, `--data mnist`. */
    readonly neededFor: string,
  ) {
    super(`${neededFor} needs ${packageName}, which is not installed; install it: npm install ${packageName}`);
  }
}

/** `@scope/name/sub/path` → `@scope/name`, `name/sub` → `name`; null for paths and URLs (not a package). */
export function packageOfSpecifier(specifier: string): string | null {
  if (/^(\.|\/|[a-zA-Z]:[\\/]|file:|node:|data:)/.test(specifier)) return null;
  const parts = specifier.split('/');
  if (specifier.startsWith('@')) return parts.length >= 2 && parts[1] ? `${parts[0]}/${parts[1]}` : null;
  return parts[0] || null;
}

// How runtimes say a bare specifier did not resolve. Node ESM: "Cannot find package 'x' imported from …";
// Node CJS and tsx: "Cannot find module 'x'"; Vite (vitest): "Failed to load url x" / "Failed to resolve import "x"".
const NOT_FOUND = [/Cannot find (?:package|module) '([^']+)'/, /Failed to load url (\S+)/, /Failed to resolve (?:import|entry for package) "([^"]+)"/];

/** The package an import failure could not find, or null when the failure was something else. */
export function missingPackageIn(error: unknown): string | null {
  const message = error instanceof Error ? error.message : String(error);
  for (const pattern of NOT_FOUND) {
    const specifier = pattern.exec(message)?.[1];
    const pkg = specifier === undefined ? null : packageOfSpecifier(specifier);
    if (pkg !== null) return pkg;
  }
  return null;
}

/**
 * Runs `load` (a literal `import(…)` of an optional package, and whatever it does next). A failure because a
 * package is missing becomes a MissingPackageError naming the package the runtime could not find: the
 * optional package itself, or one it needs in turn (the TF.js core under the adapter). Other failures
 * propagate unchanged.
 */
export async function importOptional<T>(neededFor: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const missing = missingPackageIn(error);
    if (missing !== null) throw new MissingPackageError(missing, neededFor);
    throw error;
  }
}
