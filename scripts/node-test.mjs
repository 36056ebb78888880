// Runs test files with node:test under tsx, as both test runners do (scripts/test.mjs for msp,
// packages/runtime/test/run.mjs for the runtime SDK): the spec reporter on stdout and, under
// `npm test` (scripts/test-all.mjs sets MSP_TEST_COUNTS=<file> and
// MSP_TEST_COUNT_REPORTER=<module>), scripts/test-count-reporter.mjs too, which counts the results
// into that file for the combined summary line.
import { spawnSync } from 'node:child_process';

/** The `--test-reporter` arguments for this run. */
export function testReporterArgs(env = process.env) {
  if (!env.MSP_TEST_COUNTS || !env.MSP_TEST_COUNT_REPORTER) return ['--test-reporter=spec'];
  return [
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${env.MSP_TEST_COUNT_REPORTER}`,
    '--test-reporter-destination=stdout',
  ];
}

/**
 * Runs `files` with `node --import tsx --test [testArgs] <reporters>` in `cwd` (default this
 * process's), output inherited and NODE_OPTIONS cleared (so a caller's loader flags do not load
 * twice); returns the exit status (1 when there is none).
 */
export function runNodeTests(files, { testArgs = [], cwd } = {}) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', ...testArgs, ...testReporterArgs(), ...files],
    { stdio: 'inherit', ...(cwd ? { cwd } : {}), env: { ...process.env, NODE_OPTIONS: '' } },
  );
  return r.status ?? 1;
}
