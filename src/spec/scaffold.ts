/**
 * Text of new specs (`msp init`) and new environments (`msp init-env`). Pure; `appendEnvironment`
 * edits the YAML document so comments and formatting elsewhere are kept.
 */
import { Document, isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Category } from '../platform/model.ts';
import { modeline } from '../schema/modeline.ts';
import { SPEC_DEFAULTS } from './defaults.ts';
import type { Kind } from './model.ts';

/** The modeline target of `services/<id>/service.yaml`: the fleet's schema (docs/fleet-schema.md). */
export const SERVICE_MODELINE_TARGET = '../../schema/service.schema.json';

export interface NewEnvironment {
  id: string;
  category: Category;
  projectID: string;
  /** Jobs: the cron schedule (default: {@link defaultSchedule} of the service id, else hourly). */
  schedule?: string;
}

/** What `notionPageID` holds until the user fills it in: a `TODO`, reported by `validate`. */
export const NOTION_PLACEHOLDER = 'TODO-notion-page-id';

/** The schedule a job gets when nobody says: hourly, the most common job cadence. */
export const HOURLY = '0 * * * *';

/**
 * The schedule a job's name implies (`nightly-sync` runs at night, `weekly-report` weekly), or
 * undefined when the name implies none (then `msp init` asks, or uses {@link HOURLY}). Times are
 * UTC. A monthly name implies nothing: jobs must run at least every 8 days (docs/validation.md).
 */
export function defaultSchedule(name: string): { cron: string; why: string } | undefined {
  const words = name.toLowerCase().split(/[^a-z0-9]+/);
  const has = (...ws: string[]) => ws.some((w) => words.includes(w));
  if (has('nightly', 'night', 'daily', 'day', 'midnight'))
    return { cron: '0 3 * * *', why: 'every day at 03:00 UTC' };
  if (has('hourly', 'hour')) return { cron: HOURLY, why: 'every hour' };
  if (has('weekly', 'week')) return { cron: '0 3 * * 1', why: 'every Monday at 03:00 UTC' };
  return undefined;
}

interface NewService {
  id: string;
  name?: string;
  owners: string[];
  description: string;
  kind: Kind;
  environments: NewEnvironment[];
  /** Relative path or URL of service.schema.json for the editor modeline. */
  schemaRef: string;
  /** `service.notionPageID`; {@link NOTION_PLACEHOLDER} when an internal/external environment needs one. */
  notionPageID?: string;
}

function environmentObject(env: NewEnvironment, kind: Kind): Record<string, unknown> {
  return {
    id: env.id,
    projectID: env.projectID,
    category: env.category,
    deploy: { type: 'manual', manual: { tag: SPEC_DEFAULTS.imageTag } },
    ...(kind === 'service'
      ? { healthProbes: { healthzProbes: true } }
      : { schedule: { cron: env.schedule ?? HOURLY } }),
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
      ...(s.notionPageID !== undefined
        ? { notionPageID: s.notionPageID }
        : s.environments.some((e) => e.category !== 'test')
          ? { notionPageID: NOTION_PLACEHOLDER }
          : {}),
      kind: s.kind,
    },
    build: { image: `us-central1-docker.pkg.dev/TODO/${s.id}`, source: { repo: 'TODO', dir: '.' } },
    environments: s.environments.map((e) => environmentObject(e, s.kind)),
  });
  const env0 = (doc.contents as YAMLMap).get('environments') as YAMLSeq | undefined;
  if (env0)
    env0.commentBefore = ' Start new environments as `test`; move them to internal/external when ready.';
  const header = `${modeline(s.schemaRef)}\n# Service specification: \`msp schema\` describes every key; \`msp validate\` checks it.\n`;
  return header + doc.toString({ lineWidth: 0 });
}

/**
 * Appends an environment to a spec's text. An internal or external environment needs
 * `service.notionPageID` (docs/validation.md): when the spec has none, `notionPageID` (or
 * {@link NOTION_PLACEHOLDER}, which `validate` reports as a to-do) is added under `service`, so
 * the result is never an invalid spec. `added` lists the keys added besides the environment.
 */
export function appendEnvironment(
  text: string,
  env: NewEnvironment,
  kind: Kind,
  opts: { notionPageID?: string } = {},
): { text: string; added: string[] } | { error: string } {
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    return { error: `the spec does not parse: ${doc.errors[0]!.message.split('\n')[0]}` };
  if (!isMap(doc.contents)) return { error: 'the spec is not a mapping' };
  const service = doc.contents.get('service', true);
  const needsNotion =
    env.category !== 'test' &&
    !(isMap(service) && service.has('notionPageID') && service.get('notionPageID'));
  if (needsNotion) {
    if (!isMap(service)) return { error: '`service` is not a mapping' };
    const withNotion = setServiceKey(text, service, 'notionPageID', opts.notionPageID ?? NOTION_PLACEHOLDER);
    const r = appendEnvironment(withNotion, env, kind);
    return 'error' in r ? r : { text: r.text, added: ['service.notionPageID', ...r.added] };
  }
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
  if (inserted !== undefined) return { text: inserted, added: [] };
  envs.items.push(doc.createNode(environmentObject(env, kind)) as never);
  return { text: doc.toString({ lineWidth: 0 }), added: [] };
}

/** True when `v` reads back as the same string unquoted (also for MSP's YAML 1.1 booleans). */
function plainScalar(v: string): boolean {
  return (
    /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(v) &&
    !/^[0-9_-]+$/.test(v) &&
    !/^(y|yes|n|no|true|false|on|off|null)$/i.test(v)
  );
}

/**
 * `text` with `key: value` set under the `service` mapping: inserted as a line after the last
 * key of a block mapping (every other byte kept), else by re-rendering the document.
 */
function setServiceKey(text: string, service: YAMLMap, key: string, value: string): string {
  const first = service.items[0]?.key as { range?: [number, number, number] } | undefined;
  const last = service.items[service.items.length - 1]?.value as
    | { range?: [number, number, number] }
    | undefined;
  if (!service.flow && first?.range && last?.range) {
    const lineStart = text.lastIndexOf('\n', first.range[0] - 1) + 1;
    const indent = text.slice(lineStart, first.range[0]);
    const at = last.range[1];
    if (/^ +$/.test(indent)) {
      const line = `${indent}${key}: ${plainScalar(value) ? value : JSON.stringify(value)}`;
      const out =
        text[at - 1] === '\n'
          ? `${text.slice(0, at)}${line}\n${text.slice(at)}`
          : `${text.slice(0, at)}\n${line}${text.slice(at)}`;
      const check = parseDocument(out);
      const svc = isMap(check.contents) ? check.contents.get('service', true) : undefined;
      if (check.errors.length === 0 && isMap(svc) && svc.get(key) === value) return out;
    }
  }
  const doc = parseDocument(text);
  doc.setIn(['service', key], value);
  return doc.toString({ lineWidth: 0 });
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
