// Runs the runtime's tests with node's test runner (Node 20 has no glob for --test).
// `*.test.ts` are unit tests; `*.integration.test.ts` need the servers of scripts/test-services.sh
// (npm test starts them). `--unit` runs the unit tests only.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const unitOnly = process.argv.includes('--unit');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));

let files = readdirSync(dir)
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => !unitOnly || !f.endsWith('.integration.test.ts'))
  .sort()
  .map((f) => join('test', f));
if (filters.length > 0) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
if (!unitOnly && files.some((f) => f.endsWith('.integration.test.ts')) && !process.env.TEST_PG_DSN) {
  console.error(
    'integration tests need the servers: run `npm test` (it goes through scripts/test-services.sh) or pass --unit',
  );
  process.exit(1);
}
// MSP_TEST_COUNTS=<file> and MSP_TEST_COUNT_REPORTER=<module> (set by `npm test`,
// scripts/test-all.mjs): also count the results into that file, for the combined summary line.
const reporters =
  process.env.MSP_TEST_COUNTS && process.env.MSP_TEST_COUNT_REPORTER
    ? [
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        `--test-reporter=${process.env.MSP_TEST_COUNT_REPORTER}`,
        '--test-reporter-destination=stdout',
      ]
    : ['--test-reporter=spec'];
// One file at a time: integration tests stop and start the shared PostgreSQL and Redis.
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-force-exit', ...reporters, ...files],
  { stdio: 'inherit', cwd: join(dir, '..'), env: { ...process.env, NODE_OPTIONS: '' } },
);
process.exit(r.status ?? 1);
