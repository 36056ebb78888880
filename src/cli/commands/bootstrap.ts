/**
 * `msp bootstrap`: prints the ordered steps that take a new organisation from platform.yaml to
 * its first applied service, and which are done as far as the fleet's files tell. Reads files
 * only (the platform config, the specs, the committed output, `.terraform/` folders of the
 * platform stacks); calls no cloud API. Running it again is safe and shows progress.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import {
  type BootstrapStep,
  bootstrapSteps,
  type FleetState,
  renderBootstrap,
} from '../../bootstrap/steps.ts';
import { PLATFORM_MANIFEST_FILE } from '../../generate/platform.ts';
import { listServiceDirs } from '../../io/discover.ts';
import { generatePlatformOnDisk } from '../../io/generate-platform.ts';
import { generateServiceOnDisk } from '../../io/generate-service.ts';
import { loadSpec } from '../../io/load.ts';
import { PLATFORM_OUTPUT_DIR, platformStackDir } from '../../naming/platform-names.ts';
import { BUILTIN_PLATFORM, type PlatformConfig } from '../../platform/model.ts';
import { type FleetService, fleetServiceOf } from '../../platform-stack/model.ts';
import { resolveFleet } from '../context.ts';
import { type CliIO, EXIT, UsageError } from '../io.ts';
import { VERSION } from '../version.ts';

interface BootstrapOptions {
  root?: string;
  platform?: string;
  format?: string;
}

/** Keys still holding the built-in example values (which must never reach an organisation's cloud). */
function builtinPlaceholders(p: PlatformConfig): string[] {
  const b = BUILTIN_PLATFORM;
  const out: string[] = [];
  if (p.gcp.billingAccount === b.gcp.billingAccount) out.push('gcp.billingAccount');
  for (const c of ['test', 'internal', 'external'] as const)
    if (p.gcp.folders[c] === b.gcp.folders[c]) out.push(`gcp.folders.${c}`);
  const backend = p.terraform.backend;
  if (backend.type === 'cloud' && backend.organization === b.terraform.backend.organization)
    out.push('terraform.backend.organization');
  if (p.terraform.dynamicCredentials.projectNumber === b.terraform.dynamicCredentials?.projectNumber)
    out.push('terraform.dynamicCredentials.projectNumber');
  if (p.access.engineersGroup === b.access.engineersGroup) out.push('access.engineersGroup');
  return out;
}

export async function runBootstrap(opts: BootstrapOptions, io: CliIO): Promise<number> {
  if (opts.format && opts.format !== 'text' && opts.format !== 'json')
    throw new UsageError(`unknown format "${opts.format}" (expected text or json)`);
  const ctx = resolveFleet(io, opts, false);
  const root = ctx.fleet?.root ?? io.cwd;
  const platform = ctx.platform;
  const ids = listServiceDirs(root);
  const services: FleetService[] = [];
  let failed = 0;
  if (platform)
    for (const id of ids) {
      const spec = loadSpec(join(root, 'services', id, 'service.yaml'), platform, io.cwd).value;
      if (!spec) {
        failed++;
        continue;
      }
      services.push(fleetServiceOf(spec));
    }
  const owners = [...new Set(services.flatMap((s) => s.owners))].sort();
  const platformFile = ctx.fleet?.platformFile;
  const platformText =
    platformFile && existsSync(platformFile) ? readFileSync(platformFile, 'utf8') : undefined;

  let platformOutput: FleetState['platformOutput'] = 'missing';
  const servicesBehind: string[] = [];
  if (platform && failed === 0) {
    if (existsSync(join(root, PLATFORM_OUTPUT_DIR, PLATFORM_MANIFEST_FILE))) {
      const r = generatePlatformOnDisk({
        root,
        platform,
        ...(platformText !== undefined ? { platformText } : {}),
        source: platformFile ? relative(root, platformFile).split(sep).join('/') : 'built-in defaults',
        services,
        toolVersion: VERSION,
        check: true,
      });
      platformOutput = r.outcome === 'unchanged' ? 'current' : 'stale';
    }
    for (const id of ids) {
      const r = generateServiceOnDisk(
        {
          id,
          root,
          cwd: io.cwd,
          check: true,
          ...(platformText !== undefined ? { platformText } : {}),
          platformOutput: 'inputs',
          // Read only: an interrupted write is reported by generate, never repaired here.
          recover: false,
          toolVersion: VERSION,
        },
        platform,
      );
      if (r.outcome !== 'unchanged') servicesBehind.push(id);
    }
  } else servicesBehind.push(...ids);

  const state: FleetState = {
    hasPlatformFile: !!platformFile,
    ...(platform ? { platform } : {}),
    platformErrors: ctx.diagnostics.filter((d) => d.severity === 'error').length,
    placeholders: platform ? builtinPlaceholders(platform) : [],
    services: ids,
    ownersWithoutTeam: platform ? owners.filter((o) => !platform.teams[o]?.terraformCloud) : [],
    platformOutput,
    servicesBehind,
    initialised: {
      gcp: existsSync(join(root, platformStackDir('gcp'), '.terraform')),
      tfc: existsSync(join(root, platformStackDir('tfc'), '.terraform')),
    },
  };
  const steps: BootstrapStep[] = bootstrapSteps(state);
  if (opts.format === 'json') io.stdout(`${JSON.stringify({ root, steps }, null, 2)}\n`);
  else {
    io.stdout(`Bootstrap of the fleet at ${root} (msp reads files only; it calls no cloud API)\n\n`);
    io.stdout(renderBootstrap(steps));
  }
  return EXIT.OK;
}
