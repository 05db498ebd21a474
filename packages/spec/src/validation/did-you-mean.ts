/** "Did you mean …?" for misspelled keys: the closest known name within a small edit distance. */

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/**
 * The known name closest to `typed` (case-insensitive, within ⌈length/3⌉ edits), else the longest known
 * name that `typed` starts with or that starts with `typed` (`lr_rate` → `lr`), or null.
 */
export function closestName(typed: string, known: readonly string[]): string | null {
  const t = typed.toLowerCase();
  let best: string | null = null;
  let bestDistance = Math.max(1, Math.ceil(typed.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(t, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  if (best !== null) return best;
  let prefix: string | null = null;
  for (const k of known) {
    const lk = k.toLowerCase();
    if (lk.length >= 2 && t.length >= 2 && (t.startsWith(lk) || lk.startsWith(t)) && (prefix === null || k.length > prefix.length)) prefix = k;
  }
  return prefix;
}

/** ` (did you mean "lr"?)`, or '' when nothing is close. */
export function didYouMean(typed: string, known: readonly string[]): string {
  const c = closestName(typed, known);
  return c === null ? '' : ` (did you mean ${JSON.stringify(c)}?)`;
}
