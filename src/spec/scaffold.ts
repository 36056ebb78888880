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
  envs.items.push(doc.createNode(environmentObject(env, kind)) as never);
  return { text: doc.toString({ lineWidth: 0 }) };
}
