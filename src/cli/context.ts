/** Resolving the fleet and platform config for commands. */
import { resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { type FleetLayout, findFleetRoot } from '../io/discover.ts';
import { loadPlatform } from '../io/load.ts';
import type { PlatformConfig } from '../platform/model.ts';
import { type CliIO, UsageError } from './io.ts';

interface FleetContext {
  fleet?: FleetLayout;
  platform?: PlatformConfig;
  /** The platform config's text (for input hashes), when it came from a file. */
  platformText?: string;
  diagnostics: Diagnostic[];
}

/** Finds the fleet (from --root or by walking up) and loads its platform config or the built-in one. */
export function resolveFleet(
  io: CliIO,
  opts: { root?: string; platform?: string },
  requireFleet: boolean,
  forPath?: string,
): FleetContext {
  const start = opts.root ? resolve(io.cwd, opts.root) : resolve(io.cwd, forPath ?? '.');
  const fleet = findFleetRoot(start);
  if (!fleet && requireFleet)
    throw new UsageError(
      `not inside a fleet: no platform.yaml or services/*/service.yaml found in ${start} or its parents (use --root <dir>)`,
    );
  const platformFile = opts.platform ? resolve(io.cwd, opts.platform) : fleet?.platformFile;
  const p = loadPlatform(platformFile, io.cwd);
  const platformText = p.value ? p.sources?.[p.value.source] : undefined;
  return {
    ...(fleet ? { fleet } : {}),
    ...(p.value ? { platform: p.value } : {}),
    ...(platformText !== undefined ? { platformText } : {}),
    diagnostics: p.diagnostics,
  };
}
