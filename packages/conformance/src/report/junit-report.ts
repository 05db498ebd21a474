/**
 * `isostep conform --junit <file>`: JUnit XML, the report CI systems (GitHub Actions test reporters,
 * GitLab, Jenkins, Azure) read. One <testsuite> per backend × mode; one <testcase> per trace × backend ×
 * mode, named `<case> [<backend>, <mode>]`, class `isostep.<framework>.<optimizer>.<dtype>`. A value outside
 * its interval is a <failure> whose message is the first-failure line; a run that could not check values
 * (unreadable trace, unmappable arguments, a backend that threw) is an <error>; a skip is <skipped> with
 * its reason. Written with xmlbuilder2 (escaping, well-formedness), never by string concatenation.
 */
import { create } from 'xmlbuilder2';
import { summarize, type ConformResult } from '../runner/result.js';
import { failureLines } from './failure-line.js';
import { caseLabel } from './format-numbers.js';

export function junitReport(results: readonly ConformResult[]): string {
  const total = summarize(results);
  const errors = results.filter((r) => r.error !== null && !r.skipped).length;
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', {
    name: 'isostep conform',
    tests: results.length,
    failures: total.failed - errors,
    errors,
    skipped: total.skipped,
  });
  const suites = new Map<string, ConformResult[]>();
  for (const r of results) {
    const key = `${r.backend} ${r.mode}`;
    suites.set(key, [...(suites.get(key) ?? []), r]);
  }
  for (const [name, rs] of suites) {
    const s = summarize(rs);
    const suiteErrors = rs.filter((r) => r.error !== null && !r.skipped).length;
    const suite = root.ele('testsuite', { name: `isostep conform ${name}`, tests: rs.length, failures: s.failed - suiteErrors, errors: suiteErrors, skipped: s.skipped });
    for (const r of rs) {
      const testcase = suite.ele('testcase', {
        name: `${caseLabel(r)} [${r.backend}, ${r.mode}]`,
        classname: `isostep.${r.framework}.${r.optimizer}.${r.dtype}`,
        file: r.file,
      });
      if (r.skipped) {
        testcase.ele('skipped', { message: r.skipReason ?? 'skipped' });
      } else if (r.error !== null) {
        testcase.ele('error', { message: r.error, type: 'ConformanceError' }).txt(failureLines(r).join('\n'));
      } else if (!r.pass) {
        const [message = 'failed'] = failureLines(r);
        testcase.ele('failure', { message, type: 'OutsideAcceptanceInterval' }).txt(describe(r));
      }
    }
  }
  return root.end({ prettyPrint: true });
}

/** The failure's body: the first-failure line and the per-slot maxima, enough to start debugging from CI's page. */
function describe(r: ConformResult): string {
  const slots = Object.entries(r.slots).map(([k, v]) => `${k}=${v}`).join(' ');
  return [...failureLines(r), `max ulp per slot: ${slots}`, `device: ${r.device}`, `preset: ${r.preset ?? '-'}`].join('\n');
}
