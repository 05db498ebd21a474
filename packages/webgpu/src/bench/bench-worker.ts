/** Child process of `runBench`: measures one adapter and prints its rows as JSON on stdout. */
import { measureAdapter, type AdapterRun } from './measure-adapter.js';

const run = JSON.parse(process.argv[2]!) as AdapterRun;
const rows = await measureAdapter(run);
process.stdout.write(`\n@@ROWS@@${JSON.stringify(rows)}\n`);
process.exit(0);
