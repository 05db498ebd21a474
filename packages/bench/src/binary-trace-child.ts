/**
 * The measured side of the binary-trace bench, in its own process so that its peak RSS is the runner's
 * alone (the generator that wrote the trace holds a whole model and ran in the parent): conforms one
 * binary trace on cpu-fast and prints {seconds, maxRssBytes, result} as one JSON line.
 *
 *   node --conditions=source --import tsx binary-trace-child.ts <manifest> [resync|free]
 */
import { runAll, type Mode } from '@isostep/conformance/node';
import { cpuFastBackend } from '@isostep/reference-cpu/node';

const [manifest, mode = 'resync'] = process.argv.slice(2);
const backend = cpuFastBackend();
const started = performance.now();
const [result] = await runAll([manifest!], [backend], [mode as Mode]);
const seconds = (performance.now() - started) / 1000;
await backend.close?.();
// maxRSS is in KiB on every platform Node reports it for.
process.stdout.write(`${JSON.stringify({ seconds, maxRssBytes: process.resourceUsage().maxRSS * 1024, result })}\n`);
