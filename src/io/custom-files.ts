/**
 * The IO edge of the custom-Terraform check: reads the custom files msp keeps in stack folders
 * (`*.tf.json`, `*.tf`) and checks each against the generated files of its folder (and the other
 * custom files there), with the pure checkers of `src/terraform/check-custom.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Result, SourceTexts } from '../diagnostics/diagnostic.ts';
import type { OutputFile } from '../generate/output-file.ts';
import { checkCustomHcl, checkCustomTerraformJson, normalizeHclJson } from '../terraform/check-custom.ts';
import { parseHclFiles } from './hcl.ts';

/** One custom file's check: its diagnostics and its text (`sources`, keyed by `file`). */
interface CustomFileResult extends Result<never> {
  file: string;
  sources: SourceTexts;
}

const dirOf = (p: string) => p.slice(0, p.lastIndexOf('/'));

/**
 * Checks every custom `*.tf.json` and `*.tf` file directly in a stack folder among `custom` (paths relative to `outDir`,
 * shown as `<shownDir>/<path>`) against the generated `*.tf.json` of the same folder in
 * `generated` (the files about to be written). Files of other types are not Terraform and are
 * left alone. Returns one result per checked file, in path order.
 */
export function checkCustomFiles(
  outDir: string,
  shownDir: string,
  custom: readonly string[],
  generated: readonly OutputFile[],
): CustomFileResult[] {
  // Only files directly in a stack folder belong to its module; subfolders are other modules.
  // Folders this run does not generate (another environment or category) are checked when
  // they are generated.
  const generatedDirs = new Set(
    generated.filter((f) => f.path.endsWith('.tf.json')).map((f) => dirOf(f.path)),
  );
  const top = custom.filter((p) => /^[^/]+\/stacks\/[^/]+\/[^/]+$/.test(p) && generatedDirs.has(dirOf(p)));
  const tfJson = top.filter((p) => p.endsWith('.tf.json')).sort();
  const tf = top.filter((p) => p.endsWith('.tf')).sort();
  if (tfJson.length + tf.length === 0) return [];
  const read = (p: string) => readFileSync(join(outDir, ...p.split('/')), 'utf8');
  const texts = new Map([...tfJson, ...tf].map((p) => [p, read(p)]));
  // Native HCL files are converted to JSON once (by the HCL parser), so every file of a folder
  // can see what the others declare.
  const hcl = parseHclFiles(tf.map((p) => ({ path: `${shownDir}/${p}`, text: texts.get(p)! })));
  const docsOf = new Map<string, unknown>();
  for (const f of generated)
    if (f.path.endsWith('.tf.json')) {
      try {
        docsOf.set(f.path, JSON.parse(Buffer.from(f.content).toString('utf8')));
      } catch {
        // generated files are valid JSON; nothing to declare otherwise
      }
    }
  for (const p of tfJson) {
    try {
      docsOf.set(p, JSON.parse(texts.get(p)!));
    } catch {
      // reported by its own check
    }
  }
  tf.forEach((p, i) => {
    if (hcl[i]?.json !== undefined) docsOf.set(p, normalizeHclJson(hcl[i]!.json));
  });
  const module = (p: string) =>
    [...docsOf.entries()].filter(([q]) => q !== p && dirOf(q) === dirOf(p)).map(([, d]) => d);
  const out: CustomFileResult[] = [];
  for (const p of tfJson) {
    const file = `${shownDir}/${p}`;
    const text = texts.get(p)!;
    out.push({
      file,
      sources: { [file]: text },
      diagnostics: checkCustomTerraformJson(file, text, module(p)),
    });
  }
  tf.forEach((p, i) => {
    const file = `${shownDir}/${p}`;
    const text = texts.get(p)!;
    out.push({
      file,
      sources: { [file]: text },
      diagnostics: checkCustomHcl(file, text, hcl[i]!, module(p)),
    });
  });
  return out.sort((a, b) => (a.file < b.file ? -1 : 1));
}
