/**
 * The editor measurement (docs/editor.md, BENCHMARKS.md): how many of the typical mistakes in
 * test/support/mistakes.ts the JSON Schema alone catches, how many `msp validate` and the
 * language server catch; and how long the server takes from a change to its diagnostics on a
 * typical spec. Numbers are printed, never asserted (test/spec/mistakes.test.ts asserts the
 * verdicts). Needs the built CLI: `npm run build`, then
 *   node --import tsx scripts/bench-editor.ts [--runs N]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { platformJsonSchema } from '../src/platform/schema.ts';
import { serviceJsonSchema } from '../src/spec/schema.ts';
import { cli, copyExamples } from '../test/support/cli.ts';
import { startLspClient } from '../test/support/lsp-client.ts';
import { MISTAKES } from '../test/support/mistakes.ts';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 40;

const ajv = new Ajv({ strict: false, allErrors: true });
const checkService = ajv.compile(serviceJsonSchema());
const checkPlatform = ajv.compile(platformJsonSchema());
const schemaCatches = (file: string, text: string) =>
  file.endsWith('service.yaml')
    ? !checkService(parseYaml(text))
    : file === 'platform.yaml'
      ? !checkPlatform(parseYaml(text))
      : false;

const fleet = copyExamples();
const client = await startLspClient(fleet.dir);
let schema = 0;
let validate = 0;
let server = 0;
const missedBySchema: string[] = [];
try {
  for (const m of MISTAKES) {
    const path = join(fleet.dir, m.file);
    const before = readFileSync(path, 'utf8');
    const after = before.replace(m.from, m.to);
    if (schemaCatches(m.file, after)) schema++;
    else missedBySchema.push(m.name);
    writeFileSync(path, after);
    const r = await cli(['validate', '--all', '--format', 'json'], fleet.dir);
    if (r.code === 1) validate++;
    client.open(path, after);
    const diags = await client.next(path);
    // A request answered after this round's publications: every file's diagnostics are in.
    await client.codeActions(path, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, []);
    const any = diags.length > 0 || [...client.latest.values()].some((p) => p.diagnostics.length > 0);
    if (any) server++;
    writeFileSync(path, before);
    client.close(path);
    await client.next(path);
  }

  // Latency from didChange sent to publishDiagnostics received, alternating between two valid
  // texts of `file` (the first 3 changes warm up and are not counted).
  const timeChanges = async (file: string, edit: (text: string) => string): Promise<number[]> => {
    const text = readFileSync(file, 'utf8');
    const texts = [text, edit(text)];
    client.open(file, text);
    await client.next(file);
    const times: number[] = [];
    for (let i = 0; i < runs + 3; i++) {
      const t0 = process.hrtime.bigint();
      client.change(file, texts[(i + 1) % 2]!);
      await client.next(file);
      if (i >= 3) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return times;
  };
  // A typical spec (acme-api: 2 environments, data stores, alerts).
  const times = await timeChanges(join(fleet.dir, 'services', 'acme-api', 'service.yaml'), (t) =>
    t.replace('LOG_LEVEL: info', 'LOG_LEVEL: debug'),
  );
  // A change to platform.yaml re-validates every service of the fleet.
  const ptimes = await timeChanges(join(fleet.dir, 'platform.yaml'), (t) =>
    t.replace('name: Acme', 'name: Acme Corp'),
  );
  const stat = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!.toFixed(1);
    return `median ${at(0.5)} ms  p90 ${at(0.9)} ms  min ${s[0]!.toFixed(1)}  max ${s[s.length - 1]!.toFixed(1)}`;
  };
  const n = MISTAKES.length;
  console.log(`typical mistakes: ${n}`);
  console.log(`  caught by the JSON Schema alone (ajv, base schema): ${schema}/${n}`);
  console.log(`  caught by msp validate:                              ${validate}/${n}`);
  console.log(`  caught by msp lsp:                                   ${server}/${n}`);
  console.log(`  missed by the schema: ${missedBySchema.join('; ')}`);
  console.log(`lsp change → diagnostics, acme-api spec (${runs} changes):     ${stat(times)}`);
  console.log(`lsp change → diagnostics, platform.yaml (4 services, ${runs}): ${stat(ptimes)}`);
} finally {
  await client.stop();
  fleet.cleanup();
}
