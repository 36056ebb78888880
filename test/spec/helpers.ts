/**
 * Shared helpers for the spec tests: parsing with the built-in platform, reading fixtures and
 * their `# ERROR: CODE` / `# WARNING: CODE` markers, and small spec builders.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { type ParseSpecResult, parseSpec } from '../../src/pipeline/parse-spec.ts';
import type { PlatformConfig } from '../../src/platform/model.ts';
import { builtinPlatform, parsePlatformConfig } from '../../src/platform/parse.ts';
import type { SiblingReader } from '../../src/spec/sibling-files.ts';
import { describe, readMarkers } from '../support/markers.ts';

export { describe, linePairs } from '../support/markers.ts';

export const REPO = join(import.meta.dirname, '..', '..');
export const FIXTURES = join(REPO, 'test', 'fixtures', 'spec');

/** Parses a spec text with the built-in platform (or the given one). */
export function parse(
  text: string | Uint8Array,
  opts: { file?: string; platform?: PlatformConfig; siblings?: Record<string, string> } = {},
): ParseSpecResult {
  const siblings = opts.siblings;
  const readSibling: SiblingReader | undefined = siblings ? (name) => siblings[name] : undefined;
  return parseSpec({
    file: opts.file ?? 'service.yaml',
    text,
    platform: opts.platform ?? builtinPlatform(),
    ...(readSibling ? { readSibling, dir: '' } : {}),
  });
}

export const errorsOf = (r: ParseSpecResult): Diagnostic[] =>
  r.diagnostics.filter((d) => d.severity === 'error');

/** A fixture file with the markers it carries. */
export interface Fixture {
  name: string;
  path: string;
  text: string;
  /** `line CODE` for each `# ERROR:` marker. */
  errors: Set<string>;
  /** `line CODE` for each `# WARNING:` marker. */
  warnings: Set<string>;
  /** Platform config named by a `# platform: <path from repo root>` line, if any. */
  platform?: PlatformConfig;
}

/** Reads `test/fixtures/spec/<dir>/*.yaml` with their markers, sorted by name. */
export function readFixtures(dir: 'valid' | 'invalid'): Fixture[] {
  const base = join(FIXTURES, dir);
  return readdirSync(base)
    .filter((n) => n.endsWith('.yaml'))
    .sort()
    .map((name) => readFixture(join(base, name), name));
}

export function readFixture(path: string, name = path): Fixture {
  const text = readFileSync(path, 'utf8');
  const { errors, warnings } = readMarkers(text);
  let platform: PlatformConfig | undefined;
  text.split('\n').forEach((line) => {
    const p = /^#\s*platform:\s*(\S+)\s*$/.exec(line);
    if (p) {
      const file = p[1]!;
      const r = parsePlatformConfig(readFileSync(join(REPO, file)), file);
      if (!r.value)
        throw new Error(`fixture ${name}: platform ${file} is invalid:\n${describe(r.diagnostics)}`);
      platform = r.value;
    }
  });
  return { name, path, text, errors, warnings, ...(platform ? { platform } : {}) };
}

/** A minimal valid spec as text, with one test environment; callers splice in what they test. */
export function minimalSpec(
  opts: { id?: string; kind?: 'service' | 'job'; envExtra?: string; top?: string } = {},
): string {
  const id = opts.id ?? 'acme-api';
  return [
    'service:',
    `  id: ${id}`,
    '  owners: [core]',
    '  description: A test service.',
    ...(opts.kind ? [`  kind: ${opts.kind}`] : []),
    'environments:',
    '  - id: dev',
    `    projectID: ${id}-dev-3f9a`,
    '    category: test',
    '    deploy: {type: manual}',
    '    instances:',
    '      resources: {cpu: 1, memory: 1Gi}',
    ...(opts.envExtra ? [opts.envExtra] : []),
    ...(opts.top ? [opts.top] : []),
    '',
  ].join('\n');
}

/** The example fleet's specs: `[dirName, text]`. */
export function exampleSpecs(): [string, string][] {
  const dir = join(REPO, 'examples', 'services');
  return readdirSync(dir)
    .sort()
    .map((d) => [d, readFileSync(join(dir, d, 'service.yaml'), 'utf8')]);
}
