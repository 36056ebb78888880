/**
 * The IO edge of the fleet's schema files (`<fleet>/schema/*.schema.json`, built by
 * generate/fleet-schema.ts): which are stale on disk, and writing them atomically.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildFleetSchemas, type FleetSchemaFile } from '../generate/fleet-schema.ts';
import type { PlatformConfig } from '../platform/model.ts';
import { writeFileAtomic } from './atomic.ts';

interface FleetSchemaState {
  /** Every schema file as it should be. */
  files: FleetSchemaFile[];
  /** Fleet-relative paths of the files missing or different on disk. */
  stale: string[];
  /** Writes the stale files (each atomically). */
  write: () => void;
}

/** Compares the fleet's schema files on disk with what the platform config implies. */
export function fleetSchemaState(root: string, platform: PlatformConfig): FleetSchemaState {
  const { files } = buildFleetSchemas(platform);
  const abs = (p: string) => join(root, ...p.split('/'));
  const stale = files
    .filter((f) => !existsSync(abs(f.path)) || readFileSync(abs(f.path), 'utf8') !== f.content)
    .map((f) => f.path);
  return {
    files,
    stale,
    write: () => {
      for (const f of files) {
        if (!stale.includes(f.path)) continue;
        mkdirSync(dirname(abs(f.path)), { recursive: true });
        writeFileAtomic(abs(f.path), f.content);
      }
    },
  };
}
