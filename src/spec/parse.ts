/**
 * The spec pipeline: bytes → YAML with positions → shape (zod) → rules → sibling files →
 * the fully-defaulted `ServiceSpec`. Pure apart from the injected sibling-file reader.
 * Never throws on any input; all problems come back as located diagnostics.
 */
import { type Diagnostic, hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.ts';
import type { PlatformConfig } from '../platform/model.ts';
import { attachRanges, parseYamlSource } from '../source/yaml-document.ts';
import type { BigQueryColumn, ServiceSpec } from './model.ts';
import { resolveSpec } from './resolve.ts';
import { checkServiceRules } from './rules.ts';
import { environmentSchema, type RawServiceSpec, serviceSchema, serviceSpecSchema } from './schema.ts';
import { type LegacyKey, validateShape } from './shape.ts';
import { checkBigQuerySchema, checkReadme, type SiblingReader } from './sibling-files.ts';

/** Keys MSP once read and now ignores (SPEC-REFERENCE §9): warned about, then dropped. */
export const LEGACY_KEYS: readonly LegacyKey[] = [
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

export interface ParseSpecInput {
  /** Path shown in diagnostics, e.g. `services/acme-api/service.yaml`. */
  file: string;
  text: string | Uint8Array;
  platform: PlatformConfig;
  /** Reads README.md and `<table>.bigquerytable.json` next to the spec; omit to skip those checks. */
  readSibling?: SiblingReader;
  /** Directory of the spec as shown in diagnostics, to name sibling files. */
  dir?: string;
}

export interface ParseSpecResult {
  /** Set only when there are no errors. */
  value?: ServiceSpec;
  /** The raw spec, when its shape was valid (even with rule errors). */
  raw?: RawServiceSpec;
  diagnostics: Diagnostic[];
}

export function parseSpec(input: ParseSpecInput): ParseSpecResult {
  const { file, platform } = input;
  const parsed = parseYamlSource(file, input.text, 'SPEC');
  if (!parsed.source) return { diagnostics: parsed.diagnostics };
  const src = parsed.source;
  const shape = validateShape(src, serviceSpecSchema, 'SPEC', LEGACY_KEYS);
  const diags: Diagnostic[] = [...shape.diagnostics];
  const raw = shape.value;
  if (!raw) {
    // Keep going where we can: run the rules on the environments whose own shape is valid,
    // so one typo does not hide every other problem in the file.
    const partial = partialSpec(src.value);
    if (partial) diags.push(...checkServiceRules(partial, platform, { partial: true }));
    return { diagnostics: sortDiagnostics(attachRanges(src, diags)) };
  }
  diags.push(...checkServiceRules(raw, platform));

  const dir = input.dir ?? file.replace(/[^/\\]*$/, '');
  let readme: string | undefined;
  const tableSchemas: Record<string, BigQueryColumn[]> = {};
  const sibling: Diagnostic[] = [];
  if (input.readSibling) {
    const r = input.readSibling('README.md');
    if (r !== undefined) {
      const c = checkReadme(r, raw.service.name || raw.service.id, `${dir}README.md`);
      sibling.push(...c.diagnostics);
      readme = c.body;
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
        const envIdx = (raw.environments ?? []).findIndex((e) =>
          e.resources?.bigQueryDataset?.tables.includes(t),
        );
        const tIdx = raw.environments?.[envIdx]?.resources?.bigQueryDataset?.tables.indexOf(t) ?? 0;
        diags.push({
          severity: 'error',
          code: 'SPEC_BIGQUERY_SCHEMA_MISSING',
          message: `Schema file ${name} for BigQuery table "${t}" does not exist`,
          path: ['environments', envIdx, 'resources', 'bigQueryDataset', 'tables', tIdx],
          upstream: `read schema for BigQuery table ${t}: no such file`,
          hint: `Create ${dir}${name} with a JSON array of columns, e.g. [{"name": "id", "type": "STRING", "mode": "REQUIRED"}].`,
        });
        continue;
      }
      const c = checkBigQuerySchema(text, `${dir}${name}`);
      sibling.push(...c.diagnostics);
      if (c.columns) tableSchemas[t] = c.columns;
    }
  }
  const all = sortDiagnostics([...attachRanges(src, diags), ...sibling]);
  if (hasErrors(all)) return { raw, diagnostics: all };
  const value = resolveSpec(raw, platform, {
    file,
    ...(readme !== undefined ? { readme } : {}),
    tableSchemas,
  });
  return { value, raw, diagnostics: all };
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
  return { service: service.data, environments: envs };
}
