/**
 * The one golden mechanism (README.md, "Golden files"). Every committed file that is generated
 * output is listed here once, with the bytes it must hold:
 *
 * - the example fleet's output (`examples/services/<id>/{terraform,docs}/**`, `examples/docs/**`,
 *   `examples/platform/terraform/**`, the fleet's schema files `examples/schema/*.schema.json`), made by running `msp generate --all --force` in-process on
 *   a temp copy of `examples/` (custom Terraform files are carried through, as on a real fleet);
 * - the reference files under `docs/` (JSON Schemas, key references, naming rules) from
 *   `referenceDocs()`.
 *
 * `test/repo/goldens.test.ts` compares them; `npm run goldens` (the same test with
 * `UPDATE_GOLDENS=1`) rewrites them and deletes generated files that no longer belong.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { referenceDocs } from '../../src/spec/reference-files.ts';
import { cli, copyExamples } from './cli.ts';

export const REPO = join(import.meta.dirname, '..', '..');

/** True when goldens are being refreshed (`npm run goldens`). */
export const UPDATING = process.env.UPDATE_GOLDENS === '1';

export interface Golden {
  /** Path from the repository root, with `/`. */
  path: string;
  content: string;
}

/** A set of goldens and the folders it owns: a file there that is not in the set is stale. */
export interface GoldenSet {
  name: string;
  files: Golden[];
  owned: string[];
}

function walk(root: string, dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(root, p, out);
    else out.push(relative(root, p).split(sep).join('/'));
  }
  return out;
}

/** Folders of a fleet whose files `msp generate --all` owns (custom files are carried along). */
function outputFolders(root: string): string[] {
  const services = readdirSync(join(root, 'services')).sort();
  return [
    ...services.flatMap((id) => [`services/${id}/terraform`, `services/${id}/docs`]),
    'docs',
    'platform/terraform',
    'schema',
  ];
}

/** The example fleet's output, generated afresh on a temp copy. */
export async function exampleGoldens(): Promise<GoldenSet> {
  const fleet = copyExamples();
  try {
    const r = await cli(['generate', '--all', '--force', '--root', fleet.dir], REPO);
    if (r.code !== 0) throw new Error(`generate --all failed on the example fleet:\n${r.stderr}`);
    const folders = outputFolders(fleet.dir);
    const files = folders.flatMap((f) =>
      walk(fleet.dir, join(fleet.dir, f)).map((rel) => ({
        path: `examples/${rel}`,
        content: readFileSync(join(fleet.dir, rel), 'utf8'),
      })),
    );
    return { name: 'example fleet output', files, owned: folders.map((f) => `examples/${f}`) };
  } finally {
    fleet.cleanup();
  }
}

/** The generated reference files under `docs/`. */
export function referenceGoldens(): GoldenSet {
  return { name: 'reference docs', files: referenceDocs(), owned: ['docs/schema'] };
}

export async function goldenSets(): Promise<GoldenSet[]> {
  return [await exampleGoldens(), referenceGoldens()];
}

/**
 * Compares one golden with its committed file (or writes it when updating). Returns the problem,
 * if any, in words that say how to refresh.
 */
export function compareGolden(g: Golden): string | undefined {
  const file = join(REPO, ...g.path.split('/'));
  const have = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (have === g.content) return undefined;
  if (UPDATING) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, g.content);
    return undefined;
  }
  return `${g.path} is ${have === undefined ? 'missing' : 'stale'}: run \`npm run goldens\` and review the diff`;
}

/** Committed files in the set's folders that the set does not hold (deleted when updating). */
export function strayGoldens(set: GoldenSet): string[] {
  const want = new Set(set.files.map((f) => f.path));
  const stray = set.owned.flatMap((o) => walk(REPO, join(REPO, ...o.split('/')))).filter((p) => !want.has(p));
  if (UPDATING) for (const p of stray) rmSync(join(REPO, ...p.split('/')));
  return UPDATING ? [] : stray;
}
