/**
 * The spec pipeline: bytes → YAML with positions → shape (zod) → rules → sibling files →
 * the fully-defaulted `ServiceSpec`. Pure apart from the injected sibling-file reader.
 * Never throws on any input; all problems come back as located diagnostics.
 */
import type * as z from 'zod';
import { channelsForEnvironment, checkPagingRoutes } from '../alerts/routing.ts';
import {
  type Diagnostic,
  error,
  hasErrors,
  type KeyPath,
  type Result,
  sortDiagnostics,
} from '../diagnostics/diagnostic.ts';
import { plainText } from '../diagnostics/suggest.ts';
import type { PlatformConfig } from '../platform/model.ts';
import { findTodos } from '../platform/placeholders.ts';
import { type LegacyKey, validateShape } from '../schema/zod-diagnostics.ts';
import { attachRanges, locate, parseYamlSource, type YamlSource } from '../source/yaml-document.ts';
import type { BigQueryColumn, ServiceSpec } from '../spec/model.ts';
import { resolveSpec } from '../spec/resolve.ts';
import { checkServiceRules } from '../spec/rules.ts';
import {
  customAlertSchema,
  environmentSchema,
  type RawServiceSpec,
  responseCodeRatioSchema,
  serviceSchema,
  serviceSpecSchema,
} from '../spec/schema.ts';
import { checkBigQuerySchema, checkReadme, type SiblingReader } from '../spec/sibling-files.ts';
import { servicePlaceholders } from './service-placeholders.ts';

/** Keys MSP once read and now ignores: warned about, then dropped. */
const LEGACY_KEYS: readonly LegacyKey[] = [
  {
    pattern: ['environments', '*', 'startupProbe'],
    replacement: '`healthProbes` (timeout, startupInterval)',
  },
  {
    pattern: ['environments', '*', 'livenessProbe'],
    replacement: '`healthProbes` (timeout, livenessInterval)',
  },
  {
    pattern: ['environments', '*', 'schedule', 'deadline'],
    replacement: '`deadlineSeconds` on the environment',
  },
  { pattern: ['environments', '*', 'resources', 'redis', 'tier'], replacement: '`highAvailability`' },
  {
    pattern: ['environments', '*', 'resources', 'postgreSQL', 'disableDeletionProtection'],
    replacement: '`allowDestroys` on the environment',
  },
  {
    pattern: ['environments', '*', 'resources', 'bigQueryTable'],
    replacement: '`bigQueryDataset` with `locations.gcpLocation`',
  },
  {
    pattern: ['environments', '*', 'resources', 'bigQueryDataset', 'location'],
    replacement: '`locations.gcpLocation`',
  },
  {
    pattern: ['environments', '*', 'domain', 'cloudflare', 'required'],
    replacement: 'nothing (it was never implemented)',
  },
  {
    pattern: ['monitoring', 'alerts', 'responseCodeRatios', '*', 'duration'],
    replacement: '`durationMinutes`',
  },
  {
    pattern: ['monitoring', 'alerts', 'customAlerts', '*', 'duration'],
    replacement: '`condition.durationMinutes`',
  },
  {
    pattern: ['monitoring', 'alerts', 'customAlerts', '*', 'mqlQuery'],
    replacement: '`condition: {type: mql, query}`',
  },
  {
    pattern: ['monitoring', 'alerts', 'customAlerts', '*', 'promQLQuery'],
    replacement: '`condition: {type: promql, query}`',
  },
];

interface ParseSpecInput {
  /** Path shown in diagnostics, e.g. `services/acme-api/service.yaml`. */
  file: string;
  text: string | Uint8Array;
  platform: PlatformConfig;
  /** Reads README.md and `<table>.bigquerytable.json` next to the spec; omit to skip those checks. */
  readSibling?: SiblingReader;
  /** Directory of the spec as shown in diagnostics, to name sibling files. */
  dir?: string;
  /** The folder the spec lives in (`services/<folder>/`): `service.id` must equal it. */
  folderId?: string;
}

/**
 * The spec pipeline's {@link Result}: `value` (the fully-defaulted spec) only when there are no
 * errors; `raw`, the spec as read, whenever its shape is valid (even with rule errors).
 */
export type ParseSpecResult = Result<ServiceSpec, RawServiceSpec>;

export function parseSpec(input: ParseSpecInput): ParseSpecResult {
  const { file, platform } = input;
  const parsed = parseYamlSource(file, input.text, 'SPEC');
  if (!parsed.value) return { diagnostics: parsed.diagnostics };
  const src = parsed.value;
  const shape = validateShape(src, serviceSpecSchema, 'SPEC', LEGACY_KEYS);
  const diags: Diagnostic[] = shape.diagnostics.map((d) => withShapeUpstream(d, src.value));
  const raw = shape.value;
  if (!raw) {
    // Keep going where we can: run the rules on the environments whose own shape is valid,
    // so one typo does not hide every other problem in the file.
    const partial = partialSpec(src.value);
    if (partial) diags.push(...checkServiceRules(partial, platform, { partial: true }));
    if (partial) diags.push(...checkFolder(partial, input.folderId, input.dir));
    return { diagnostics: sortDiagnostics(attachRanges(src, diags)) };
  }
  diags.push(...checkServiceRules(raw, platform));
  diags.push(...checkFolder(raw, input.folderId, input.dir));
  // `TODO`s written by `msp init`: warnings here, refused by `generate` (platform/placeholders.ts).
  diags.push(...findTodos(src.value, 'SPEC_TODO'));

  const dir = input.dir ?? file.replace(/[^/\\]*$/, '');
  let readme: string | undefined;
  const tableSchemas: Record<string, BigQueryColumn[]> = {};
  const sibling: Diagnostic[] = [];
  if (input.readSibling) {
    const r = input.readSibling('README.md');
    if (r !== undefined) {
      const c = checkReadme(r, raw.service.name || raw.service.id, `${dir}README.md`);
      const namePath = raw.service.name ? ['service', 'name'] : ['service', 'id'];
      sibling.push(
        ...c.diagnostics.map((d) => withNote(src, d, file, namePath, 'the service name is set here')),
      );
      readme = c.value;
    }
    const tables = new Set<string>();
    (raw.environments ?? []).forEach((e) => {
      for (const t of e.resources?.bigQueryDataset?.tables ?? []) tables.add(t);
    });
    for (const t of [...tables].sort()) {
      if (!/^[A-Za-z0-9_]+$/.test(t)) continue; // already reported by the rules
      const name = `${t}.bigquerytable.json`;
      const text = input.readSibling(name);
      if (text === undefined) {
        diags.push({
          severity: 'error',
          code: 'SPEC_BIGQUERY_SCHEMA_MISSING',
          message: `Schema file ${name} for BigQuery table "${t}" does not exist`,
          path: tablePath(raw, t),
          upstream: `read schema for BigQuery table ${t}: no such file`,
          hint: `Create ${dir}${name} with a JSON array of columns, e.g. [{"name": "id", "type": "STRING", "mode": "REQUIRED"}].`,
        });
        continue;
      }
      const c = checkBigQuerySchema(text, `${dir}${name}`);
      const ref = tablePath(raw, t);
      sibling.push(...c.diagnostics.map((d) => withNote(src, d, file, ref, `table "${t}" is declared here`)));
      if (c.value) tableSchemas[t] = c.value;
    }
  }
  const all = sortDiagnostics([...attachRanges(src, diags), ...sibling]);
  if (hasErrors(all)) return { raw, diagnostics: all };
  const value = resolveSpec(raw, platform, {
    file,
    ...(readme !== undefined ? { readme } : {}),
    tableSchemas,
  });
  // Rules that need the resolved spec and the platform: paging routes, placeholders that matter here.
  const late = attachRanges(src, [
    ...checkPagingRoutes(value, platform),
    ...servicePlaceholders(value, platform, (i) =>
      channelsForEnvironment(platform, value, value.environments[i]!),
    ),
  ]);
  const diagnostics = sortDiagnostics([...all, ...late]);
  return hasErrors(late) ? { raw, diagnostics } : { value, raw, diagnostics };
}

/** Where the spec declares BigQuery table `t` (its first mention). */
function tablePath(raw: RawServiceSpec, t: string): KeyPath {
  const envIdx = (raw.environments ?? []).findIndex((e) => e.resources?.bigQueryDataset?.tables.includes(t));
  const tIdx = raw.environments?.[envIdx]?.resources?.bigQueryDataset?.tables.indexOf(t) ?? 0;
  return ['environments', envIdx, 'resources', 'bigQueryDataset', 'tables', tIdx];
}

/** A sibling file's diagnostic keeps its own file and gains a note at the spec key that refers to it. */
function withNote(src: YamlSource, d: Diagnostic, file: string, path: KeyPath, message: string): Diagnostic {
  return { ...d, related: [...(d.related ?? []), { message, file, path, range: locate(src, path) }] };
}

/** `service.id` must name the folder the spec lives in: every output path is built from the id. */
function checkFolder(raw: RawServiceSpec, folderId: string | undefined, dir?: string): Diagnostic[] {
  if (folderId === undefined || raw.service.id === folderId) return [];
  return [
    error(
      'SPEC_ID_DIR_MISMATCH',
      `Service id "${raw.service.id}" does not match its folder "${folderId}"`,
      ['service', 'id'],
      {
        detail: `msp writes Terraform and docs under services/<id>/, so the id and the folder (${dir || `services/${folderId}/`}) must be the same.`,
        found: JSON.stringify(raw.service.id),
        expected: JSON.stringify(folderId),
        hint: `Set \`id: ${folderId}\`, or rename the folder to services/${raw.service.id}.`,
      },
    ),
  ];
}

/** A spec with only the shape-valid parts, environments kept at their original indexes. */
function partialSpec(value: unknown): RawServiceSpec | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const service = serviceSchema.safeParse(v.service);
  if (!service.success) return undefined;
  const envs: RawServiceSpec['environments'] = [];
  if (Array.isArray(v.environments))
    v.environments.forEach((e, i) => {
      const r = environmentSchema.safeParse(e);
      if (r.success) envs[i] = r.data;
    });
  // Alerts whose own shape is valid still get their rules checked (sparse: indexes are kept).
  const alerts = (v.monitoring as { alerts?: Record<string, unknown> } | undefined)?.alerts;
  const pick = <T>(list: unknown, schema: z.ZodType<T>): T[] | undefined => {
    if (!Array.isArray(list)) return undefined;
    const out: T[] = [];
    list.forEach((x, i) => {
      const r = schema.safeParse(x);
      if (r.success) out[i] = r.data;
    });
    return out;
  };
  const responseCodeRatios = pick(
    alerts && typeof alerts === 'object' ? alerts.responseCodeRatios : undefined,
    responseCodeRatioSchema,
  );
  const customAlerts = pick(
    alerts && typeof alerts === 'object' ? alerts.customAlerts : undefined,
    customAlertSchema,
  );
  return {
    service: service.data,
    environments: envs,
    ...(responseCodeRatios || customAlerts
      ? {
          monitoring: {
            alerts: {
              ...(responseCodeRatios ? { responseCodeRatios } : {}),
              ...(customAlerts ? { customAlerts } : {}),
            },
          },
        }
      : {}),
  };
}

type UpstreamText = (value: unknown, path: KeyPath) => string;
const requiredText =
  (text: string): UpstreamText =>
  () =>
    text;

/**
 * MSP's wording for problems our shape check finds before the rules run:
 * a missing key or a value outside an enum is a shape error here, a rule error in MSP.
 * Keyed by path pattern (`*` = any index) and the shape code.
 */
const SHAPE_UPSTREAM: { pattern: string[]; codes: string[]; text: UpstreamText }[] = [
  { pattern: ['service', 'id'], codes: ['MISSING_KEY'], text: requiredText('id is required') },
  {
    pattern: ['service', 'owners'],
    codes: ['MISSING_KEY'],
    text: requiredText('owners requires at least one value'),
  },
  {
    pattern: ['service', 'description'],
    codes: ['MISSING_KEY'],
    text: requiredText('description is required'),
  },
  { pattern: ['environments', '*', 'id'], codes: ['MISSING_KEY'], text: requiredText('id is required') },
  {
    pattern: ['environments', '*', 'projectID'],
    codes: ['MISSING_KEY'],
    text: requiredText('projectID is required'),
  },
  {
    pattern: ['environments', '*', 'category'],
    codes: ['MISSING_KEY'],
    text: requiredText('category: no category provided'),
  },
  {
    pattern: ['environments', '*', 'category'],
    codes: ['INVALID_VALUE'],
    text: (v) => `category: invalid category ${JSON.stringify(plainText(v))}`,
  },
  {
    pattern: ['environments', '*', 'deploy', 'type'],
    codes: ['MISSING_KEY', 'INVALID_VALUE'],
    text: (v) => `invalid deploy type ${JSON.stringify(plainText(v))}`,
  },
  {
    pattern: ['environments', '*', 'locations', 'gcpRegion'],
    codes: ['MISSING_KEY'],
    text: requiredText('locations.gcpRegion must be non-empty'),
  },
  {
    pattern: ['environments', '*', 'locations', 'gcpLocation'],
    codes: ['MISSING_KEY'],
    text: requiredText('locations.gcpLocation must be non-empty'),
  },
  {
    pattern: ['environments', '*', 'resources', 'bigQueryDataset', 'tables'],
    codes: ['MISSING_KEY'],
    text: requiredText('bigQueryDataset.tables must be non-empty'),
  },
  ...(['name', 'database', 'tables'] as const).map((k) => ({
    pattern: ['environments', '*', 'resources', 'postgreSQL', 'logicalReplication', 'publications', '*', k],
    codes: ['MISSING_KEY'],
    text: (_v: unknown, path: KeyPath) => `publication[${String(path[7])}].${k} is required`,
  })),
  {
    pattern: ['environments', '*', 'secretVolumes', '*', 'mountPath'],
    codes: ['MISSING_KEY'],
    text: requiredText('mountPath is required'),
  },
  {
    pattern: ['environments', '*', 'secretVolumes', '*', 'secret'],
    codes: ['MISSING_KEY'],
    text: requiredText('secret is required'),
  },
  {
    pattern: ['rollout', 'stages'],
    codes: ['MISSING_KEY'],
    text: requiredText('rollout spec is defined but contains no stages'),
  },
  {
    pattern: ['monitoring', 'alerts', 'responseCodeRatios', '*', 'id'],
    codes: ['MISSING_KEY'],
    text: requiredText('responseCodeRatios[].id is required and cannot be empty'),
  },
  {
    pattern: ['monitoring', 'alerts', 'responseCodeRatios', '*', 'name'],
    codes: ['MISSING_KEY'],
    text: requiredText('responseCodeRatios[].name is required'),
  },
  {
    pattern: ['monitoring', 'alerts', 'customAlerts', '*', 'name'],
    codes: ['MISSING_KEY'],
    text: requiredText('customAlerts[].name is required'),
  },
  {
    pattern: ['monitoring', 'alerts', 'customAlerts', '*', 'severityLevel'],
    codes: ['MISSING_KEY', 'INVALID_VALUE'],
    text: requiredText('customAlerts[].severityLevel must be either `WARNING` or `CRITICAL`'),
  },
  {
    pattern: ['monitoring', 'alerts', 'customAlerts', '*', 'condition', 'type'],
    codes: ['MISSING_KEY', 'INVALID_VALUE'],
    text: requiredText('customAlerts[].condition.type must be either `mql` or `promql`'),
  },
  {
    pattern: ['monitoring', 'alerts', 'customAlerts', '*', 'condition', 'query'],
    codes: ['MISSING_KEY'],
    text: requiredText('customAlerts[].condition.query cannot be empty'),
  },
];

function withShapeUpstream(d: Diagnostic, root: unknown): Diagnostic {
  if (d.upstream) return d;
  const code = d.code.replace(/^SPEC_/, '');
  const rule = SHAPE_UPSTREAM.find(
    (r) =>
      r.codes.includes(code) &&
      r.pattern.length === d.path.length &&
      r.pattern.every((p, i) => p === '*' || p === d.path[i]),
  );
  if (!rule) return d;
  let v: unknown = root;
  for (const p of d.path)
    v = v && typeof v === 'object' && Object.hasOwn(v, p) ? (v as Record<string, unknown>)[p] : undefined;
  return { ...d, upstream: rule.text(v, d.path) };
}
