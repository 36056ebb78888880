/**
 * Location is kept in fields and composed by the renderers only: the text output, `--format
 * json` and the editor each show a Terraform diagnostic's file, path and block address, while
 * the message stays free of them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnosticToJson } from '../../src/cli/output.ts';
import { renderDiagnostic } from '../../src/diagnostics/render.ts';
import { fsErrorDiagnostic } from '../../src/io/errors.ts';
import { lspMessage, toLspDiagnostic } from '../../src/lsp/convert.ts';
import { checkTerraformJson } from '../../src/terraform/check.ts';

const doc = {
  terraform: { required_providers: { google: { source: 'hashicorp/google', version: '7.9.0' } } },
  resource: { google_project: { project: { name: 'project', project_id: 'acme-project', nmae: 'x' } } },
};
const FILE = 'services/api/terraform/dev/stacks/project/main.tf.json';
const [d] = checkTerraformJson(doc).map((x) => ({ ...x, file: FILE }));

test('the schema check puts the block in `address`, not in the message', () => {
  assert.ok(d);
  assert.equal(d.code, 'TF_UNKNOWN_ATTRIBUTE');
  assert.equal(d.message, 'Unknown attribute "nmae"');
  assert.equal(d.address, 'google_project.project');
  assert.deepEqual(d.path, ['resource', 'google_project', 'project', 'nmae']);
});

test('the text renderer composes file, address and path once each', () => {
  const text = renderDiagnostic(d!);
  assert.deepEqual(text.split('\n').slice(0, 3), [
    `${FILE}: error TF_UNKNOWN_ATTRIBUTE: Unknown attribute "nmae"`,
    '  in google_project.project',
    '  at resource.google_project.project.nmae',
  ]);
  assert.equal(text.split(FILE).length, 2, 'the file is named once');
  assert.equal(text.split('google_project.project').length, 3, 'the address: its line and the path');
});

test('--format json carries `address` beside the other location fields', () => {
  const j = diagnosticToJson(d!);
  assert.equal(j.address, 'google_project.project');
  assert.equal(j.file, FILE);
  assert.equal(j.path, 'resource.google_project.project.nmae');
  assert.equal(j.message, 'Unknown attribute "nmae"');
  const { address: _none, ...rest } = { ...d!, address: undefined };
  assert.ok(!('address' in diagnosticToJson(rest)), 'no address key without a Terraform block');
});

test('the editor shows the address under the message', () => {
  assert.deepEqual(lspMessage(d!).split('\n').slice(0, 3), [
    'Unknown attribute "nmae"',
    'in google_project.project',
    'at resource.google_project.project.nmae',
  ]);
  assert.equal(toLspDiagnostic(d!, '/fleet').code, 'TF_UNKNOWN_ATTRIBUTE');
});

test('a file-system error is located at its path; the message gives the cause only', () => {
  const e = Object.assign(new Error('ENOSPC: no space left on device, write'), {
    code: 'ENOSPC',
    syscall: 'write',
    path: '/fleet/services/api/.msp-tmp-terraform-1/dev/main.tf.json',
  });
  const d = fsErrorDiagnostic(e, '/fleet', 'The previous output of services/api is unchanged.');
  assert.equal(d.code, 'IO_WRITE');
  assert.equal(d.file, 'services/api/.msp-tmp-terraform-1/dev/main.tf.json');
  assert.equal(d.message, 'Cannot write: no space left on the device (ENOSPC)');
  assert.equal(
    renderDiagnostic(d).split('\n')[0],
    'services/api/.msp-tmp-terraform-1/dev/main.tf.json: error IO_WRITE: Cannot write: no space left on the device (ENOSPC)',
  );
  const read = fsErrorDiagnostic(
    Object.assign(new Error('EACCES'), { code: 'EACCES', syscall: 'scandir' }),
    '/',
  );
  assert.equal(read.code, 'IO_READ');
  assert.equal(renderDiagnostic(read), 'msp: error IO_READ: Cannot read: permission denied (EACCES)');
});
