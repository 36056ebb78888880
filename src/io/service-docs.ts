/** Writing and checking a service's generated operations docs (`services/<id>/docs/`). */
import { join } from 'node:path';
import { SERVICE_DOCS_DIR } from '../docs/paths.ts';
import type { DocsFile } from '../docs/service-page.ts';
import type { OutputFile } from '../generate/output-file.ts';
import { readTree, replaceTree } from './write-service.ts';

/** Files under `services/<id>/docs/` as paths relative to that folder. */
export function serviceDocsTree(id: string, files: readonly DocsFile[]): OutputFile[] {
  const prefix = `services/${id}/${SERVICE_DOCS_DIR}/`;
  return files.map((f) => {
    if (!f.path.startsWith(prefix)) throw new Error(`docs file ${f.path} is outside ${prefix}`);
    return { path: f.path.slice(prefix.length), content: f.content };
  });
}

/**
 * Paths (fleet-relative) where `services/<id>/docs/` on disk differs from `files`: changed,
 * missing, or present on disk but no longer generated.
 */
export function staleServiceDocs(root: string, id: string, files: readonly DocsFile[]): string[] {
  const want = new Map(serviceDocsTree(id, files).map((f) => [f.path, String(f.content)]));
  const have = new Map(
    readTree(join(root, 'services', id, SERVICE_DOCS_DIR)).map((f) => [
      f.path,
      Buffer.from(f.content).toString('utf8'),
    ]),
  );
  const prefix = `services/${id}/${SERVICE_DOCS_DIR}/`;
  return [...new Set([...want.keys(), ...have.keys()])]
    .sort()
    .filter((p) => want.get(p) !== have.get(p))
    .map((p) => `${prefix}${p}`);
}

/** Replaces `services/<id>/docs/` with `files` when it differs; returns the stale paths. */
export function writeServiceDocs(root: string, id: string, files: readonly DocsFile[]): string[] {
  const stale = staleServiceDocs(root, id, files);
  if (stale.length > 0) replaceTree(join(root, 'services', id), SERVICE_DOCS_DIR, serviceDocsTree(id, files));
  return stale;
}
