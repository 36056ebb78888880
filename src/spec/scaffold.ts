/**
 * Text of new specs (`msp init`) and new environments (`msp init-env`). Pure; `appendEnvironment`
 * edits the YAML document so comments and formatting elsewhere are kept.
 */
import { Document, isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Category } from '../platform/model.ts';
import type { Kind } from './model.ts';

export interface NewEnvironment {
  id: string;
  category: Category;
  projectID: string;
}

export interface NewService {
  id: string;
  name?: string;
  owners: string[];
  description: string;
  kind: Kind;
  environments: NewEnvironment[];
  /** Relative path or URL of service.schema.json for the editor modeline. */
  schemaRef: string;
}

function environmentObject(env: NewEnvironment, kind: Kind): Record<string, unknown> {
  return {
    id: env.id,
    projectID: env.projectID,
    category: env.category,
    deploy: { type: 'manual', manual: { tag: 'insiders' } },
    ...(kind === 'service' ? { healthProbes: { healthzProbes: true } } : { schedule: { cron: '0 * * * *' } }),
    instances: {
      resources: { cpu: 1, memory: '512Mi' },
      ...(kind === 'service' ? { scaling: { minCount: 0, maxCount: 5 } } : {}),
    },
  };
}

export function scaffoldService(s: NewService): string {
  const doc = new Document({
    service: {
      id: s.id,
      ...(s.name ? { name: s.name } : {}),
      owners: s.owners,
      description: s.description,
      ...(s.environments.some((e) => e.category !== 'test') ? { notionPageID: 'TODO-notion-page-id' } : {}),
      kind: s.kind,
    },
    build: { image: `us-central1-docker.pkg.dev/TODO/${s.id}`, source: { repo: 'TODO', dir: '.' } },
    environments: s.environments.map((e) => environmentObject(e, s.kind)),
  });
  const env0 = (doc.contents as YAMLMap).get('environments') as YAMLSeq | undefined;
  if (env0)
    env0.commentBefore = ' Start new environments as `test`; move them to internal/external when ready.';
  const header = `# yaml-language-server: $schema=${s.schemaRef}\n# Service specification: see docs/spec-reference.md.\n`;
  return header + doc.toString({ lineWidth: 0 });
}

export function appendEnvironment(
  text: string,
  env: NewEnvironment,
  kind: Kind,
): { text: string } | { error: string } {
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    return { error: `the spec does not parse: ${doc.errors[0]!.message.split('\n')[0]}` };
  if (!isMap(doc.contents)) return { error: 'the spec is not a mapping' };
  let envs = doc.contents.get('environments', true);
  if (
    envs === undefined ||
    envs === null ||
    (typeof envs === 'object' && 'value' in (envs as object) && (envs as { value: unknown }).value === null)
  ) {
    doc.contents.set('environments' as never, doc.createNode([]) as never);
    envs = doc.contents.get('environments', true);
  }
  if (!isSeq(envs)) return { error: '`environments` is not a list' };
  for (const item of envs.items)
    if (isMap(item) && item.get('id') === env.id) return { error: `environment "${env.id}" already exists` };
  // Insert the new item as text after the last one, so every other byte (blank lines, flow
  // lists, quoting) stays as written; re-rendering the document would reformat it.
  const inserted = insertAfterLastItem(text, envs, environmentObject(env, kind), env.id);
  if (inserted !== undefined) return { text: inserted };
  envs.items.push(doc.createNode(environmentObject(env, kind)) as never);
  return { text: doc.toString({ lineWidth: 0 }) };
}

function insertAfterLastItem(
  text: string,
  envs: YAMLSeq,
  item: Record<string, unknown>,
  id: string,
): string | undefined {
  const last = envs.items[envs.items.length - 1] as { range?: [number, number, number] } | undefined;
  const first = envs.items[0] as { range?: [number, number, number] } | undefined;
  if (envs.flow || !last?.range || !first?.range) return undefined;
  const lineStart = text.lastIndexOf('\n', first.range[0] - 1) + 1;
  const prefix = text.slice(lineStart, first.range[0]);
  if (!/^ *- +$/.test(prefix)) return undefined;
  const dash = prefix.slice(0, prefix.indexOf('-'));
  const body = ' '.repeat(prefix.length);
  const lines = new Document(item).toString({ lineWidth: 0 }).trimEnd().split('\n');
  const block = lines.map((l, i) => (i === 0 ? `${dash}- ${l}` : `${body}${l}`)).join('\n');
  const at = last.range[1];
  const out =
    text[at - 1] === '\n'
      ? `${text.slice(0, at)}${block}\n${text.slice(at)}`
      : `${text.slice(0, at)}\n${block}\n${text.slice(at)}`;
  // Keep the result only if it reads back as the same list plus the new environment.
  const check = parseDocument(out);
  const seq = isMap(check.contents) ? check.contents.get('environments', true) : undefined;
  if (check.errors.length > 0 || !isSeq(seq) || seq.items.length !== envs.items.length + 1) return undefined;
  const added = seq.items[seq.items.length - 1];
  return isMap(added) && added.get('id') === id ? out : undefined;
}
