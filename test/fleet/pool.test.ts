/**
 * The fleet pool runs the same batches in worker threads as in-process: real threads started
 * from the worker's own entry file (`src/fleet/worker-entry.ts`, loaded through tsx here) give the same
 * results, in the same order, as the in-process run; a task that throws becomes a failed result
 * in both, with the stack only when asked for.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runPool } from '../../src/fleet/pool.ts';
import type { Task, TaskResult, ValidateJob } from '../../src/fleet/tasks.ts';
import { EXAMPLES_ROOT, examplePlatform, exampleServiceIds } from '../support/examples.ts';

/**
 * The worker's entry file run from its TypeScript source: a worker thread does not inherit the
 * tsx loader of the test process, so this entry registers it before importing the source.
 */
const SOURCE_WORKER = new URL(
  `data:text/javascript,${encodeURIComponent(
    [
      `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};`,
      'register();',
      `await import(${JSON.stringify(new URL('../../src/fleet/worker-entry.ts', import.meta.url).href)});`,
    ].join('\n'),
  )}`,
);

async function collect<K extends 'validate' | 'generate'>(
  run: (onResult: (r: TaskResult<K>, done: number, total: number) => void) => Promise<void>,
): Promise<{ results: TaskResult<K>[]; progress: number[] }> {
  const results: TaskResult<K>[] = [];
  const progress: number[] = [];
  await run((r, done) => {
    results.push(r);
    progress.push(done);
  });
  return { results, progress };
}

describe('fleet pool', () => {
  const platform = examplePlatform();
  const base: ValidateJob = { root: EXAMPLES_ROOT, cwd: EXAMPLES_ROOT };
  // More services than one batch, so several workers share the run and order matters.
  const ids = Array.from({ length: 5 }, () => exampleServiceIds()).flat();

  test('worker threads and the in-process run give the same results in service order', async () => {
    assert.ok(ids.length > 16, 'several batches');
    const inProcess = await collect<'validate'>((onResult) =>
      runPool('validate', ids, base, platform, { workers: 0, onResult }),
    );
    const threads = await collect<'validate'>((onResult) =>
      runPool('validate', ids, base, platform, { workers: 2, onResult, workerEntry: SOURCE_WORKER }),
    );
    assert.deepEqual(
      inProcess.results.map((r) => r.id),
      ids,
    );
    assert.deepEqual(threads.results, inProcess.results);
    // Progress counts every finished service and reaches the total.
    assert.equal(threads.progress.at(-1), ids.length);
    assert.ok(inProcess.results.some((r) => r.diagnostics.length > 0 || r.raw !== undefined));
  });

  test('a task that throws is a failed result carrying the error, never thrown', async () => {
    const boom: Task<'validate'> = () => {
      throw new Error('boom');
    };
    const run = await collect<'validate'>((onResult) =>
      runPool('validate', ['svc', 'other'], base, platform, { workers: 0, onResult, task: boom }),
    );
    assert.deepEqual(
      run.results.map((r) => r.id),
      ['svc', 'other'],
    );
    const r = run.results[0]!;
    assert.equal(r.diagnostics[0]?.code, 'INTERNAL_ERROR');
    assert.equal(r.internalError?.message, 'boom');
    assert.match(r.internalError?.stack ?? '', /Error: boom\n\s+at /);
  });
});
