/**
 * Parsing native Terraform (`*.tf`, HCL) files, for the custom-Terraform check. The parser is
 * HashiCorp's own HCL library compiled to WebAssembly (`@cdktn/hcl2json`, maintained by the CDK
 * Terrain project), which turns a file into Terraform JSON or a located syntax error. Its API is
 * asynchronous and generation is not, so the files are parsed in one short child process (only
 * when a service has `*.tf` files). IO edge: spawns a process.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

interface HclParse {
  /** The file as Terraform JSON (blocks as arrays of bodies), when it parsed. */
  json?: unknown;
  /** The first syntax error, located. */
  error?: { line: number; column: number; message: string };
  /** The parser itself could not run (not installed, crashed). */
  unavailable?: string;
}

// The child reads [{path, text}] on stdin and prints one result per file.
const CHILD = `
const { parse } = require(process.argv[1]);
let input = '';
process.stdin.on('data', (c) => (input += c)).on('end', async () => {
  const out = [];
  for (const f of JSON.parse(input)) {
    try { out.push({ json: await parse(f.path, f.text) }); }
    catch (e) { out.push({ error: String(e && e.message ? e.message : e) }); }
  }
  process.stdout.write(JSON.stringify(out));
});
`;

/** `parse config: [file:2,10-3,1: Summary; Detail]` → line 2, column 10, the rest. */
function parseError(raw: string): HclParse['error'] {
  const m = /:(\d+),(\d+)(?:-\d+(?:,\d+)?)?: (.*?)\]?$/s.exec(raw);
  if (!m) return { line: 1, column: 1, message: raw };
  return { line: Number(m[1]), column: Number(m[2]), message: m[3]!.trim() };
}

/** Parses HCL files; one result per input, in order. Never throws. */
export function parseHclFiles(files: readonly { path: string; text: string }[]): HclParse[] {
  if (files.length === 0) return [];
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve('@cdktn/hcl2json');
  } catch {
    return files.map(() => ({ unavailable: 'the HCL parser package @cdktn/hcl2json is not installed' }));
  }
  const r = spawnSync(process.execPath, ['-e', CHILD, entry], {
    input: JSON.stringify(files),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  let results: { json?: unknown; error?: string }[] | undefined;
  try {
    results = r.status === 0 ? JSON.parse(r.stdout) : undefined;
  } catch {
    results = undefined;
  }
  if (!results || results.length !== files.length) {
    const why = (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n')[0];
    return files.map(() => ({ unavailable: `the HCL parser failed: ${why}` }));
  }
  return results.map((x) => (x.error !== undefined ? { error: parseError(x.error) } : { json: x.json }));
}
