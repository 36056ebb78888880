/**
 * `msp lsp` driven by a real LSP client over stdio: the built CLI is spawned
 * (`node dist/msp.js lsp --stdio`) and spoken to in JSON-RPC. What the editor shows must be what
 * `msp validate --all --format json` says about the same files: same codes, severities,
 * messages, positions and notes, for specs, sibling files, the platform config and the rules
 * across the fleet, from the editor's unsaved text.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver-protocol';
import { cli, copyExamples } from '../support/cli.ts';
import { applyEdits, type LspClient, startLspClient, uriOf } from '../support/lsp-client.ts';

interface CliEntry {
  line: number | null;
  column: number | null;
  range: { end: { line: number; column: number } } | null;
  code: string;
  severity: string;
  message: string;
  related?: { file: string; line: number | null; column: number | null }[];
}

/** What `msp validate --all --format json` reports for one file, in the fields both sides have. */
async function cliReport(root: string, file: string, only?: 'this file') {
  const r = await cli(['validate', ...(only ? [file] : ['--all']), '--format', 'json'], root);
  const out = JSON.parse(r.stdout) as {
    files: { file: string; errors: CliEntry[]; warnings?: CliEntry[] }[];
  };
  const entry = out.files.find((f) => f.file === file);
  return [...(entry?.errors ?? []), ...(entry?.warnings ?? [])]
    .map((e) => ({
      code: e.code,
      severity: e.severity,
      message: e.message,
      at: `${e.line}:${e.column}-${e.range?.end.line}:${e.range?.end.column}`,
      related: (e.related ?? []).map((x) => `${x.file}:${x.line}:${x.column}`),
    }))
    .sort(byPlace);
}

/** The same fields from the server's diagnostics (LSP is 0-based, msp 1-based). */
function serverReport(root: string, diags: LspDiagnostic[]) {
  return diags
    .map((d) => ({
      code: String(d.code),
      severity: d.severity === 1 ? 'error' : 'warning',
      message: String(d.message).split('\n')[0]!,
      at: `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1}`,
      related: (d.relatedInformation ?? []).map(
        (x) =>
          `${decodeURIComponent(x.location.uri).replace(`${uriOf(root)}/`, '')}:${x.location.range.start.line + 1}:${x.location.range.start.character + 1}`,
      ),
    }))
    .sort(byPlace);
}

const byPlace = (a: { at: string; code: string }, b: { at: string; code: string }) =>
  a.at.localeCompare(b.at, 'en', { numeric: true }) || a.code.localeCompare(b.code);

const codes = (d: LspDiagnostic[]) => d.map((x) => String(x.code)).sort();

describe('msp lsp over stdio', () => {
  let fleet: { dir: string; cleanup: () => void };
  let client: LspClient;
  let spec: string;
  let specText: string;

  before(async () => {
    fleet = copyExamples();
    spec = join(fleet.dir, 'services', 'acme-api', 'service.yaml');
    specText = readFileSync(spec, 'utf8');
    client = await startLspClient(fleet.dir);
  });
  after(() => {
    client.child.kill();
    fleet.cleanup();
  });

  const broken = () =>
    specText
      .replace(
        '    instances:\n      resources:\n        cpu: 1',
        '    instancs:\n      resources:\n        cpu: 1',
      )
      .replace('category: test', 'category: tset')
      .replace('memory: 4Gi', 'memory: 4GB')
      .replace('maxCount: 10', 'maxCount: 1001');

  it('a broken spec opened in the editor shows exactly what msp validate reports', async () => {
    const text = broken();
    writeFileSync(spec, text);
    client.open(spec, text);
    const diags = await client.waitFor(spec, (d) => d.length > 0);
    const want = await cliReport(fleet.dir, 'services/acme-api/service.yaml');
    assert.ok(want.length >= 3, JSON.stringify(want));
    assert.deepEqual(serverReport(fleet.dir, diags), want);
    // The same as validating that one file (no rule across the fleet is involved here).
    assert.deepEqual(want, await cliReport(fleet.dir, 'services/acme-api/service.yaml', 'this file'));
    for (const d of diags) assert.equal(d.source, 'msp');
  });

  it('a did-you-mean hint is a quick fix, and applying it clears that diagnostic', async () => {
    const diags = client.latest.get(uriOf(spec))!.diagnostics;
    const unknown = diags.find((d) => d.code === 'SPEC_UNKNOWN_KEY')!;
    const actions = await client.codeActions(spec, unknown.range, [unknown]);
    const fix = actions.find((a) => a.title.includes('instances'));
    assert.ok(fix, JSON.stringify(actions));
    assert.equal(fix.kind, 'quickfix');
    const edits = fix.edit!.changes![uriOf(spec)]!;
    const fixed = applyEdits(broken(), edits);
    assert.match(fixed, /\n {4}instances:\n/);
    client.change(spec, fixed);
    const after = await client.next(spec);
    assert.ok(!codes(after).includes('SPEC_UNKNOWN_KEY'), JSON.stringify(codes(after)));
    assert.ok(!codes(after).includes('SPEC_MISSING_KEY'));
    // A value's suggestion keeps it a plain scalar where YAML allows it.
    const bad = after.find((d) => d.code === 'SPEC_INVALID_VALUE')!;
    const valueFix = (await client.codeActions(spec, bad.range, [bad]))[0]!;
    assert.equal(valueFix.edit!.changes![uriOf(spec)]![0]!.newText, 'test');
  });

  it('fixing the text in the editor clears the diagnostics while the disk still holds the broken spec', async () => {
    client.change(spec, specText);
    const diags = await client.next(spec);
    assert.deepEqual(diags, []);
    assert.notEqual(readFileSync(spec, 'utf8'), specText);
    // Closing without saving: the disk's (broken) text counts again.
    client.close(spec);
    assert.ok((await client.next(spec)).length > 0);
    writeFileSync(spec, specText);
    client.open(spec, specText);
    assert.deepEqual(await client.next(spec), []);
  });

  it("a sibling file's problem is published on that file, with a note at the spec key", async () => {
    const readme = join(fleet.dir, 'services', 'acme-api', 'README.md');
    const text = readFileSync(readme, 'utf8').replace('# Acme API', '# Acme Api');
    writeFileSync(readme, text);
    client.open(readme, text, 'markdown');
    const diags = await client.waitFor(readme, (d) => d.length > 0);
    assert.deepEqual(codes(diags), ['SPEC_README_HEADER']);
    assert.equal(diags[0]!.relatedInformation![0]!.location.uri, uriOf(spec));
    assert.deepEqual(
      serverReport(fleet.dir, diags),
      await cliReport(fleet.dir, 'services/acme-api/README.md'),
    );
    // The spec says nothing about it: the problem is the README's.
    assert.deepEqual(client.latest.get(uriOf(spec))!.diagnostics, []);
    const good = text.replace('# Acme Api', '# Acme API');
    client.change(readme, good);
    assert.deepEqual(await client.next(readme), []);
    writeFileSync(readme, good);
  });

  it('a rule across the fleet (duplicate project ID) shows in the editor with a note in the other spec', async () => {
    const other = join(fleet.dir, 'services', 'nightly-sync', 'service.yaml');
    const otherText = readFileSync(other, 'utf8');
    const project = /projectID: (\S+)/.exec(otherText)![1]!;
    const dup = otherText.replace(`projectID: ${project}`, 'projectID: acme-api-dev-3f9a');
    writeFileSync(other, dup);
    client.open(other, dup);
    const diags = await client.waitFor(other, (d) => d.length > 0);
    // Also "must start with the service id": the fleet rule comes on top of the spec's own.
    assert.deepEqual(codes(diags), ['FLEET_DUPLICATE_PROJECT', 'SPEC_PROJECT_ID_NO_SERVICE']);
    assert.deepEqual(
      serverReport(fleet.dir, diags),
      await cliReport(fleet.dir, 'services/nightly-sync/service.yaml'),
    );
    const note = diags[0]!.relatedInformation![0]!;
    assert.equal(note.location.uri, uriOf(spec));
    assert.equal(
      note.location.range.start.line,
      specText.split('\n').indexOf('    projectID: acme-api-dev-3f9a'),
    );
    client.change(other, otherText);
    assert.deepEqual(await client.next(other), []);
    writeFileSync(other, otherText);
  });

  it('a change to platform.yaml re-validates the specs that depend on it, open or not', async () => {
    const platform = join(fleet.dir, 'platform.yaml');
    const nightly = join(fleet.dir, 'services', 'nightly-sync', 'service.yaml');
    client.close(nightly);
    const text = readFileSync(platform, 'utf8');
    const fewer = text.replace(
      'regions: [us-central1, us-west1, europe-west2,',
      'regions: [us-central1, us-west1,',
    );
    assert.notEqual(fewer, text);
    client.open(platform, fewer);
    const diags = await client.waitFor(nightly, (d) => codes(d).includes('SPEC_REGION_NOT_ALLOWED'));
    writeFileSync(platform, fewer);
    assert.deepEqual(
      serverReport(fleet.dir, diags),
      await cliReport(fleet.dir, 'services/nightly-sync/service.yaml'),
    );
    client.change(platform, text);
    assert.deepEqual(await client.waitFor(nightly, (d) => d.length === 0), []);
    writeFileSync(platform, text);
    // A broken platform config is reported on platform.yaml itself.
    client.change(platform, text.replace('organization:\n  name: Acme', 'organization:\n  nmae: Acme'));
    const pd = await client.waitFor(platform, (d) => d.length > 0);
    assert.ok(codes(pd).includes('PLATFORM_UNKNOWN_KEY'), JSON.stringify(codes(pd)));
    client.change(platform, text);
    await client.waitFor(platform, (d) => d.length === 0);
  });

  it('survives hostile documents and keeps answering', async () => {
    const hostile = join(fleet.dir, 'services', 'hostile', 'service.yaml');
    let seed = 0x5eed;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const samples = [
      '',
      '\u0000\u0001\u001b[31m',
      '['.repeat(5000),
      '- '.repeat(3000),
      'a: &a [*a, *a]\nb: *a\n',
      'service: {id: x}\n\tenvironments: []\n',
      '\ud800\udfff\ud800',
      `service:\n  id: ${'x'.repeat(600_000)}\n`,
      'service:\n  id: hostile\n  toString: 1\n  __proto__: {polluted: true}\n',
      'cpu: 99999999999999999999\n'.repeat(3),
      ...Array.from({ length: 12 }, () =>
        Array.from({ length: 1 + (rnd() % 400) }, () => String.fromCharCode(rnd() % 0x80)).join(''),
      ),
    ];
    client.open(hostile, 'service:\n  id: hostile\n');
    await client.waitFor(hostile);
    for (const s of samples) {
      client.change(hostile, s);
      await client.next(hostile);
    }
    // Documents msp does not read, and requests about files it never saw, get nothing back.
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: 'untitled:Untitled-1', languageId: 'yaml', version: 1, text: 'service: {' },
    });
    assert.deepEqual(
      await client.codeActions(
        join(fleet.dir, 'nowhere.yaml'),
        { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } },
        [],
      ),
      [],
    );
    client.close(hostile);
    // Never saved: once closed, the spec is no part of the fleet, and nothing is left published.
    assert.deepEqual(await client.next(hostile), []);
    assert.doesNotMatch(client.stderr(), /internal error|Error:/);
  });

  it('shuts down cleanly on shutdown + exit (exit code 0)', async () => {
    assert.equal(await client.stop(), 0);
  });
});
