/**
 * The table of typical mistakes (test/support/mistakes.ts), three ways:
 * - `msp validate` reports each one (with the code the table names);
 * - the JSON Schema alone catches exactly the ones the table says it catches, and accepts the
 *   example fleet they are made from;
 * - the language server (`msp lsp`, spawned and driven over stdio) reports for each one exactly
 *   what `msp validate --all --format json` reports: every file, code, severity and position.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { platformJsonSchema } from '../../src/platform/schema.ts';
import { serviceJsonSchema } from '../../src/spec/schema.ts';
import { cli, copyExamples } from '../support/cli.ts';
import { type LspClient, startLspClient, uriOf } from '../support/lsp-client.ts';
import { MISTAKES, type Mistake } from '../support/mistakes.ts';

const ajv = new Ajv({ strict: false, allErrors: true });
const checkService = ajv.compile(serviceJsonSchema());
const checkPlatform = ajv.compile(platformJsonSchema());

/** Whether the base JSON Schema rejects the file's text (files it does not describe: never). */
export function schemaRejects(file: string, text: string): boolean {
  if (file.endsWith('service.yaml')) return !checkService(parseYaml(text));
  if (file === 'platform.yaml') return !checkPlatform(parseYaml(text));
  return false;
}

type Found = Map<string, string[]>;

/** `msp validate --all --format json`: file → sorted `CODE@line:col severity` entries. */
async function validateAll(root: string): Promise<Found> {
  const r = await cli(['validate', '--all', '--format', 'json'], root);
  const out = JSON.parse(r.stdout) as {
    files: { file: string; errors: CliEntry[]; warnings?: CliEntry[] }[];
  };
  const found: Found = new Map();
  for (const f of out.files) {
    const all = [...f.errors, ...(f.warnings ?? [])].map(
      (e) => `${e.code}@${e.line}:${e.column}-${e.range?.end.line}:${e.range?.end.column} ${e.severity}`,
    );
    if (all.length > 0) found.set(f.file, all.sort());
  }
  return found;
}
interface CliEntry {
  code: string;
  line: number | null;
  column: number | null;
  range: { end: { line: number; column: number } } | null;
  severity: string;
}

describe('typical mistakes', () => {
  const openFiles = new Set<string>();
  let fleet: { dir: string; cleanup: () => void };
  let client: LspClient;
  const original = new Map<string, string>();
  const apply = (m: Mistake) => {
    const text = original.get(m.file) ?? readFileSync(join(fleet.dir, m.file), 'utf8');
    original.set(m.file, text);
    assert.ok(text.includes(m.from), `${m.name}: "${m.from}" is not in ${m.file}`);
    return { before: text, after: text.replace(m.from, m.to) };
  };

  before(async () => {
    fleet = copyExamples();
    client = await startLspClient(fleet.dir);
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
    fleet.cleanup();
  });

  it('the table has at least 25 mistakes, and the example fleet they are made from is valid', async () => {
    assert.ok(MISTAKES.length >= 25);
    assert.deepEqual(await validateAll(fleet.dir), new Map());
    for (const f of new Set(MISTAKES.map((m) => m.file)))
      assert.ok(!schemaRejects(f, readFileSync(join(fleet.dir, f), 'utf8')), `schema rejects ${f}`);
  });

  for (const m of MISTAKES)
    it(`${m.name}: validate reports ${m.code}; schema ${m.schema === 'base' ? 'catches it' : 'misses it'}; the server reports what validate reports`, async () => {
      const path = join(fleet.dir, m.file);
      const { before, after } = apply(m);
      assert.equal(schemaRejects(m.file, after), m.schema === 'base', `schema verdict for ${m.name}`);
      writeFileSync(path, after);
      try {
        const want = await validateAll(fleet.dir);
        assert.ok(
          [...want.values()].flat().some((e) => e.startsWith(`${m.code}@`)),
          `validate does not report ${m.code}: ${JSON.stringify([...want])}`,
        );
        // The editor holds the mistake (open, or changed if already open); the disk holds it too.
        if (openFiles.has(path)) client.change(path, after);
        else {
          client.open(path, after);
          openFiles.add(path);
        }
        await client.next(path);
        // A request answered after the publications of this round: every file's are in.
        await client.codeActions(
          path,
          { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          [],
        );
        const have: Found = new Map();
        for (const [uri, p] of client.latest) {
          if (p.diagnostics.length === 0) continue;
          const file = decodeURIComponent(uri).replace(`${uriOf(fleet.dir)}/`, '');
          have.set(
            file,
            p.diagnostics
              .map(
                (d) =>
                  `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.severity === 1 ? 'error' : 'warning'}`,
              )
              .sort(),
          );
        }
        assert.deepEqual(new Map([...have].sort()), new Map([...want].sort()));
      } finally {
        writeFileSync(path, before);
        if (openFiles.has(path)) {
          client.change(path, before);
          await client.next(path);
        }
      }
    });
});
