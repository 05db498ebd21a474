/**
 * Where this process runs, for a backend's `describe`: "Node 20.19.0", or the browser's user agent.
 * Read through `globalThis` because a browser has no `process` (and Node 21+ has a `navigator` too, so
 * Node is checked first).
 */
export function runtimeName(): string {
  const g = globalThis as { process?: { versions?: { node?: string } }; navigator?: { userAgent?: string } };
  const node = g.process?.versions?.node;
  if (node !== undefined) return `Node ${node}`;
  return g.navigator?.userAgent ?? 'an unknown JavaScript runtime';
}
