/** A comma-separated option whose items must come from a fixed list; anything else is a usage error (exit 2). */
import { InvalidArgumentError } from 'commander';

export function listOf<T extends string>(allowed: readonly T[], what: string): (value: string) => T[] {
  return (value) => {
    const items = value.split(',').map((s) => s.trim()).filter(Boolean);
    for (const item of items) {
      if (!(allowed as readonly string[]).includes(item)) {
        throw new InvalidArgumentError(`unknown ${what} "${item}"; allowed: ${allowed.join(', ')}`);
      }
    }
    if (items.length === 0) throw new InvalidArgumentError(`no ${what} given; allowed: ${allowed.join(', ')}`);
    return items as T[];
  };
}
