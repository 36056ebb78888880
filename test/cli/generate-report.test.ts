/**
 * The CLI renders what the fleet tasks return as data: generate's report entries go to the right
 * stream in order, and an internal error shows its stack only with MSP_DEBUG.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderInternalError, renderReport, reportDiagnostics } from '../../src/cli/generate-report.ts';
import { error, warning } from '../../src/diagnostics/diagnostic.ts';
import type { ReportEntry } from '../../src/io/generate-report.ts';

test('report entries render to stdout (what changes) and stderr (problems), in order', () => {
  const d = error('IO_NOT_A_FILE', 'Not a regular file', [], { file: 'services/a/terraform/x' });
  const w = warning('IO_LEFTOVER', 'Leftover of an interrupted write could not be removed', [], {
    file: 'services/a/.msp-old-x',
  });
  const entries: ReportEntry[] = [
    { kind: 'diagnostics', diagnostics: [d, w] },
    { kind: 'unknown-environment', service: 'a', env: 'qa', available: ['dev', 'prod'] },
    { kind: 'not-written', target: 'services/a/service.yaml', reason: 'custom-terraform' },
    {
      kind: 'diff',
      folder: 'services/a/terraform',
      change: { kind: 'added', path: 'x.json', after: '{}\n' },
    },
    {
      kind: 'diff',
      folder: 'services/a/terraform',
      change: { kind: 'changed', path: 's.tar.gz', before: 'a', after: 'b' },
    },
    { kind: 'stale-doc', service: 'a', path: 'services/a/docs/operations.md' },
    { kind: 'would-change', change: 'removed', path: 'services/a/terraform/old.json' },
  ];
  const r = renderReport(entries, { color: false, verbose: false });
  const err = r.stderr.split('\n');
  assert.match(err[0]!, /^services\/a\/terraform\/x: error IO_NOT_A_FILE: Not a regular file/);
  assert.match(r.stderr, /services\/a\/\.msp-old-x: warning IO_LEFTOVER: Leftover of an interrupted write/);
  assert.ok(r.stderr.indexOf('IO_NOT_A_FILE') < r.stderr.indexOf('.msp-old-x'));
  assert.match(r.stderr, /msp: service "a" has no environment "qa" \(it has dev, prod\)\n/);
  assert.match(
    r.stderr,
    /services\/a\/service\.yaml: not written: custom Terraform next to the generated stacks/,
  );
  assert.match(
    r.stdout,
    /^=+\n--- \/dev\/null\n\+\+\+ b\/services\/a\/terraform\/x\.json\n@@ -0,0 \+1,1 @@\n\+\{\}\n/,
  );
  assert.match(r.stdout, /\nBinary file services\/a\/terraform\/s\.tar\.gz changed\n/);
  assert.match(r.stdout, /\nstale services\/a\/docs\/operations\.md \(run msp generate or msp ops a\)\n/);
  assert.match(r.stdout, /\nremoved {2}services\/a\/terraform\/old\.json\n$/);
  assert.deepEqual(reportDiagnostics(entries), [d, w]);
});

test('an internal error shows its stack only with MSP_DEBUG', () => {
  const e = { message: 'boom', stack: 'Error: boom\n    at f (x.ts:1:1)' };
  const plain = renderInternalError('svc', e, false);
  assert.equal(
    plain,
    'msp: internal error processing svc: boom\nThis is a bug in msp; please report it with the input that caused it (MSP_DEBUG=1 shows the stack).\n',
  );
  const debug = renderInternalError('svc', e, true);
  assert.match(debug, /processing svc: Error: boom\n {4}at f \(x\.ts:1:1\)\n/);
  assert.doesNotMatch(debug, /MSP_DEBUG/);
});
