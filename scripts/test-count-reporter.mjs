// A node:test reporter for `npm test`'s combined summary (scripts/test-all.mjs): counts passed,
// failed and skipped tests (suites are not tests) and rewrites the counts as JSON to the file
// MSP_TEST_COUNTS after every result, synchronously, so they are complete even when the run ends
// with --test-force-exit (which can cut off the end of a reporter's stream). Prints nothing.
import { writeFileSync } from 'node:fs';

export default async function* countReporter(source) {
  const file = process.env.MSP_TEST_COUNTS;
  const counts = { pass: 0, fail: 0, skipped: 0 };
  if (file) writeFileSync(file, JSON.stringify(counts));
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.data.skip !== undefined || event.data.todo !== undefined) counts.skipped++;
    else if (event.type === 'test:pass') counts.pass++;
    else counts.fail++;
    if (file) writeFileSync(file, JSON.stringify(counts));
  }
  // A reporter is a stream of text: this one has none to add to the spec output.
  yield '';
}
