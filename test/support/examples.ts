/**
 * The example fleet, parsed: the platform config of `examples/platform.yaml` and every
 * `examples/services/<id>/service.yaml` resolved through `parseSpec`, plus stack contexts for
 * stack tests. Throws on any error diagnostic, so a broken example fails loudly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpec } from '../../src/pipeline/parse-spec.ts';
import type { PlatformConfig } from '../../src/platform/model.ts';
import { parsePlatformConfig } from '../../src/platform/parse.ts';
import { type PlatformContext, platformContext } from '../../src/platform-stack/context.ts';
import { type FleetService, fleetServiceOf } from '../../src/platform-stack/model.ts';
import type { EnvironmentSpec, ServiceSpec } from '../../src/spec/model.ts';
import type { StackContext } from '../../src/stacks/context.ts';

/** Root of the example fleet. */
export const EXAMPLES_ROOT = join(import.meta.dirname, '..', '..', 'examples');

/** Version written into stack headers by tests. */
export const TEST_TOOL_VERSION = '0.0.0-test';

let platformCache: PlatformConfig | undefined;

/** The resolved `examples/platform.yaml`. */
export function examplePlatform(): PlatformConfig {
  if (!platformCache) {
    const file = join(EXAMPLES_ROOT, 'platform.yaml');
    const r = parsePlatformConfig(readFileSync(file), 'platform.yaml');
    if (!r.value)
      throw new Error(`examples/platform.yaml: ${r.diagnostics.map((d) => d.message).join('; ')}`);
    platformCache = r.value;
  }
  return platformCache;
}

/** `examples/platform.yaml` after `edit` (a text replacement); throws when the result has errors. */
export function examplePlatformWith(edit: (yaml: string) => string): PlatformConfig {
  const r = parsePlatformConfig(
    edit(readFileSync(join(EXAMPLES_ROOT, 'platform.yaml'), 'utf8')),
    'platform.yaml',
  );
  if (!r.value) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.value;
}

/** IDs of the example services, sorted. */
export function exampleServiceIds(): string[] {
  return readdirSync(join(EXAMPLES_ROOT, 'services'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/**
 * Parses `examples/services/<id>/service.yaml` against `platform` (the example platform by
 * default); `edit` may rewrite the YAML text first (for variants of an example).
 */
export function exampleSpec(
  id: string,
  opts: { platform?: PlatformConfig; edit?: (text: string) => string } = {},
): ServiceSpec {
  const dir = join(EXAMPLES_ROOT, 'services', id);
  const shown = `services/${id}/service.yaml`;
  let text = readFileSync(join(dir, 'service.yaml'), 'utf8');
  if (opts.edit) text = opts.edit(text);
  const r = parseSpec({
    file: shown,
    text,
    platform: opts.platform ?? examplePlatform(),
    dir: `services/${id}/`,
    readSibling: (name) => {
      try {
        return readFileSync(join(dir, name), 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  if (!r.value) throw new Error(`${shown}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.value;
}

/** A stack context for one environment of a spec. */
export function stackContext(
  spec: ServiceSpec,
  env: EnvironmentSpec,
  platform?: PlatformConfig,
): StackContext {
  return {
    spec,
    env,
    platform: platform ?? examplePlatform(),
    toolVersion: TEST_TOOL_VERSION,
    specPath: `services/${spec.id}/service.yaml`,
  };
}

/** Every (service, environment) of the example fleet as a stack context. */
export function exampleContexts(platform?: PlatformConfig): StackContext[] {
  const p = platform ?? examplePlatform();
  return exampleServiceIds().flatMap((id) => {
    const spec = exampleSpec(id, { platform: p });
    return spec.environments.map((env) => stackContext(spec, env, p));
  });
}

export { fleetServiceOf };

/** Every example service, summarised for the platform output. */
export function exampleFleetServices(platform?: PlatformConfig): FleetService[] {
  return exampleServiceIds().map((id) =>
    fleetServiceOf(exampleSpec(id, { platform: platform ?? examplePlatform() })),
  );
}

/** The platform context of the example fleet (or of `platform` with the example services). */
export function examplePlatformContext(platform?: PlatformConfig): PlatformContext {
  const p = platform ?? examplePlatform();
  return platformContext(p, exampleFleetServices(p), TEST_TOOL_VERSION, 'platform.yaml');
}
