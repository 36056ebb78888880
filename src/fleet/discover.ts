/** Finding the fleet root and its services on disk (IO edge). */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PLATFORM_FILE } from '../platform/parse.ts';

export interface FleetLayout {
  root: string;
  /** Absolute path of platform.yaml, when present. */
  platformFile?: string;
}

/**
 * Walks up from `start` to the first directory holding `platform.yaml` or a `services/` folder. Returns undefined outside a fleet.
 */
export function findFleetRoot(start: string): FleetLayout | undefined {
  let dir = resolve(start);
  for (;;) {
    const platformFile = join(dir, PLATFORM_FILE);
    if (existsSync(platformFile)) return { root: dir, platformFile };
    if (hasServices(dir)) return { root: dir };
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function hasServices(dir: string): boolean {
  const s = join(dir, 'services');
  try {
    // An empty services/ folder counts, so `msp init` works in a new fleet.
    return statSync(s).isDirectory();
  } catch {
    return false;
  }
}

/** Service IDs (directory names) under `<root>/services` that have a service.yaml, sorted. */
export function listServiceDirs(root: string): string[] {
  const s = join(root, 'services');
  let names: string[];
  try {
    names = readdirSync(s);
  } catch {
    return [];
  }
  return names.filter((n) => !n.startsWith('.') && existsSync(join(s, n, 'service.yaml'))).sort();
}
