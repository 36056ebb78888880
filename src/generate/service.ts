/**
 * Generation for one service: every environment's stacks built, schema-checked and serialised
 * into the list of files of its `terraform/` folder. Pure: nothing is written here.
 */
import { createHash } from 'node:crypto';
import { type Diagnostic, formatPath, hasErrors, type Result } from '../diagnostics/diagnostic.ts';
import type { ImagePins } from '../images/pin.ts';
import { workspaceName } from '../naming/names.ts';
import { DEFAULT_WORKSPACE_PATTERN, type PlatformConfig } from '../platform/model.ts';
import type { PlatformProvides } from '../platform-stack/model.ts';
import { checkPlatformReferences } from '../platform-stack/references.ts';
import type { ServiceSpec } from '../spec/model.ts';
import type { StackContext } from '../stacks/context.ts';
import { STACK_BUILDERS } from '../stacks/index.ts';
import { checkTerraformJson, renderStack, stableStringify } from '../terraform/index.ts';
import { NAMING_RULES } from '../terraform/naming-rules.ts';
import {
  type EnvironmentRecord,
  MANIFEST_FILE,
  type ReadManifest,
  renderManifest,
  sha256,
} from './manifest.ts';
import { specContributions } from './name-blame.ts';
import type { OutputFile } from './output-file.ts';

export interface GenerateServiceInput {
  spec: ServiceSpec;
  platform: PlatformConfig;
  toolVersion: string;
  /** Spec path relative to the fleet root. */
  specPath: string;
  /** Hash of every input (spec, sibling files, platform config, tool version). */
  inputHash: string;
  /** The service's docs files (relative to `docs/`), recorded in the manifest with their hashes. */
  docs?: readonly OutputFile[];
  /**
   * The spec as parsed from YAML (`ParseSpecResult.raw`). With it, a generated name that GCP
   * would reject is reported on the spec key it comes from (see `name-blame.ts`).
   */
  raw?: unknown;
  /** Hash of the platform config alone, recorded per environment (staged upgrades). */
  platformHash?: string;
  /** What the platform output creates; every platform reference of the stacks is checked against it. */
  provides?: PlatformProvides;
  /**
   * Only these environments are generated (`generate <service> <env>`, `generate --category`);
   * the manifest records of the others are taken from `previous`.
   */
  only?: (env: ServiceSpec['environments'][number]) => boolean;
  previous?: { manifest?: ReadManifest };
  /** Digests subscription environments are pinned to, from `images.lock.yaml` (see images/pin.ts). */
  imagePins?: ImagePins;
}

/** What generating one service makes. */
export interface GeneratedService {
  /** Files of `services/<id>/terraform/`, paths relative to it, sorted, the manifest included. */
  files: OutputFile[];
  /** The manifest's per-environment records (see {@link EnvironmentRecord}). */
  environments: Record<string, EnvironmentRecord>;
}

/**
 * The files of `services/<id>/terraform/` (see manifest.ts) with the diagnostics of the schema
 * check and the platform references. `value` is absent when any of them is an error: such
 * Terraform must not be written.
 */
export function generateService(input: GenerateServiceInput): Result<GeneratedService> {
  const files: OutputFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const records: Record<string, EnvironmentRecord> = {};
  // Workspaces the service declares itself (a lookup of one is not a platform reference).
  const own = input.spec.environments.flatMap((e) => workspaceNames(input.platform, input.spec.id, e.id));
  input.spec.environments.forEach((env, envIndex) => {
    if (input.only && !input.only(env)) {
      const rec = input.previous?.manifest?.environments?.[env.id];
      if (rec) records[env.id] = rec;
      return;
    }
    records[env.id] = {
      category: env.category,
      tool: `msp ${input.toolVersion}`,
      platformHash: input.platformHash ?? '',
    };
    const ctx: StackContext = {
      spec: input.spec,
      env,
      platform: input.platform,
      toolVersion: input.toolVersion,
      specPath: input.specPath,
      ...(input.imagePins?.[env.id] ? { imageDigest: input.imagePins[env.id]!.digest } : {}),
    };
    files.push({
      path: `${env.id}/.tool-versions`,
      content: `terraform ${input.platform.terraform.version}\n`,
    });
    for (const { name, build } of STACK_BUILDERS) {
      const built = build(ctx);
      if (!built) continue;
      const rel = `${env.id}/stacks/${name}/main.tf.json`;
      const shown = `services/${input.spec.id}/terraform/${rel}`;
      // Render once: the schema check and the file are the same JSON document.
      const json = renderStack(built.stack);
      for (const d of checkTerraformJson(json)) diagnostics.push(locateDiagnostic(input, envIndex, shown, d));
      if (input.provides) diagnostics.push(...checkPlatformReferences(json, shown, input.provides, own));
      files.push({ path: rel, content: stableStringify(json) });
      for (const extra of built.extraFiles ?? [])
        files.push({ path: `${env.id}/stacks/${name}/${extra.name}`, content: extra.content });
    }
  });
  files.push({
    path: MANIFEST_FILE,
    content: renderManifest({
      tool: `msp ${input.toolVersion}`,
      source: input.specPath,
      inputHash: input.inputHash,
      service: {
        id: input.spec.id,
        name: input.spec.name,
        owners: [...input.spec.owners],
        environments: input.spec.environments.map((e) => ({
          id: e.id,
          category: e.category,
          allowDestroys: e.allowDestroys,
        })),
      },
      environments: records,
      files: Object.fromEntries(files.map((f) => [f.path, sha256(f.content)])),
      docs: Object.fromEntries((input.docs ?? []).map((f) => [f.path, sha256(f.content)])),
    }),
  });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return hasErrors(diagnostics) ? { diagnostics } : { value: { files, environments: records }, diagnostics };
}

/**
 * A schema-check diagnostic of a generated file: a rejected name goes to the spec key whose
 * value it contains (the generated file and path go into the detail); everything else stays on
 * the generated file.
 */
function locateDiagnostic(
  input: GenerateServiceInput,
  envIndex: number,
  shown: string,
  d: Diagnostic,
): Diagnostic {
  const onFile = { ...d, file: shown };
  if (!d.code.startsWith('TF_NAME_') || d.found === undefined) return onFile;
  const fromPattern = blameWorkspacePattern(input, envIndex, shown, d);
  if (fromPattern) return fromPattern;
  const keys = specContributions(input.raw, envIndex, d.found);
  const key = keys[0];
  if (!key) return onFile;
  const others = keys.slice(1).map((k) => `\`${formatPath(k.path)}\``);
  return {
    ...movedFrom(d, shown),
    file: input.specPath,
    path: key.path,
    hint:
      others.length > 0
        ? `Shorten or change \`${formatPath(key.path)}\` (the name also contains ${others.join(', ')}).`
        : `Shorten or change \`${formatPath(key.path)}\`.`,
  };
}

/**
 * A schema-check diagnostic moved from the generated file to the input its value comes from:
 * the generated place becomes a note (`related`), so the location stays in fields.
 */
function movedFrom(d: Diagnostic, shown: string): Diagnostic {
  const { address: _generatedBlock, ...rest } = d;
  return {
    ...rest,
    related: [...(d.related ?? []), { message: 'the name is generated here', file: shown, path: d.path }],
  };
}

/**
 * A Terraform Cloud workspace name rejected because of the platform config's
 * `terraform.backend.workspacePattern`: the same name from the default pattern would pass, so
 * the error goes on that platform key (in the platform config file), not on the spec. Undefined
 * when the name is not a workspace name of this environment, the default pattern would fail too
 * (the spec's ids are at fault), or the platform config is the built-in one.
 */
function blameWorkspacePattern(
  input: GenerateServiceInput,
  envIndex: number,
  shown: string,
  d: Diagnostic,
): Diagnostic | undefined {
  const backend = input.platform.terraform.backend;
  const env = input.spec.environments[envIndex];
  const rule = NAMING_RULES.tfe_workspace?.name;
  if (!env || !rule || input.platform.source === 'built-in defaults') return undefined;
  const stack = STACK_BUILDERS.find(
    ({ name }) => workspaceName(backend, input.spec.id, env.id, name) === d.found,
  );
  if (!stack) return undefined;
  const plain = workspaceName(
    { ...backend, workspacePattern: DEFAULT_WORKSPACE_PATTERN },
    input.spec.id,
    env.id,
    stack.name,
  );
  const fits =
    plain.length >= rule.min && plain.length <= rule.max && (!rule.pattern || rule.pattern.test(plain));
  if (!fits) return undefined;
  return {
    ...movedFrom(d, shown),
    file: input.platform.source,
    path: ['terraform', 'backend', 'workspacePattern'],
    found: backend.workspacePattern,
    detail:
      `The workspace name "${d.found}" comes from this pattern; the default pattern \`${DEFAULT_WORKSPACE_PATTERN}\` would give "${plain}", which is accepted. ${d.detail ?? ''}`.trim(),
    hint: `Shorten \`terraform.backend.workspacePattern\` (or use only ${rule.patternText ?? 'allowed characters'}) so every service's workspace names fit.`,
  };
}

/** Content hash of the inputs of one service; stored in the manifest to skip unchanged services. */
export function hashInputs(parts: readonly (string | Uint8Array | undefined)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(p === undefined ? '\0undefined' : p);
    h.update('\0\0');
  }
  return h.digest('hex');
}

function workspaceNames(platform: PlatformConfig, svc: string, env: string): string[] {
  return STACK_BUILDERS.filter(({ name }) => name !== 'tfcworkspaces').map(({ name }) =>
    workspaceName(platform.terraform.backend, svc, env, name),
  );
}
