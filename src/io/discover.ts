/** Finding the fleet root and its services on disk (IO edge). */
import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Diagnostic, error, warning } from '../diagnostics/diagnostic.ts';
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
  return scanServices(root).ids;
}

/** Names a spec file is sometimes given by mistake. */
const MISNAMED =
  /^(service\.yml|service\.json|Service\.ya?ml|SERVICE\.ya?ml|service\.yaml\.txt|services\.ya?ml)$/;

/**
 * The services of a fleet, and what could not be read: a folder under `services/` without
 * `service.yaml` but with a misnamed spec (`service.yml`), a broken symbolic link, a folder
 * without read permission. Those are errors (commands over the whole fleet exit 1); a folder with
 * nothing spec-like in it is a warning. Hidden entries and plain files are ignored.
 */
export function scanServices(root: string): { ids: string[]; problems: Diagnostic[] } {
  const s = join(root, 'services');
  let names: string[];
  try {
    names = readdirSync(s);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ids: [], problems: [] };
    return {
      ids: [],
      problems: [
        error('FLEET_UNREADABLE', `Cannot read the services folder (${code})`, [], {
          file: 'services',
          hint: 'Give the user running msp read permission on it.',
        }),
      ],
    };
  }
  const ids: string[] = [];
  const problems: Diagnostic[] = [];
  for (const n of names.sort()) {
    if (n.startsWith('.')) continue;
    const dir = join(s, n);
    const shown = `services/${n}`;
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(dir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const broken = code === 'ENOENT' && lstatSync(dir, { throwIfNoEntry: false })?.isSymbolicLink();
      problems.push(
        broken
          ? error('FLEET_BROKEN_LINK', 'Broken symbolic link', [], {
              file: shown,
              hint: 'Point the link at an existing service folder, or remove it.',
            })
          : error('FLEET_UNREADABLE', `Cannot read (${code})`, [], { file: shown }),
      );
      continue;
    }
    if (!st.isDirectory()) continue;
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push(
        error('FLEET_UNREADABLE', `Cannot read the service folder (${code})`, [], {
          file: shown,
          hint: 'Give the user running msp read permission on it.',
        }),
      );
      continue;
    }
    if (entries.includes('service.yaml')) {
      ids.push(n);
      continue;
    }
    const misnamed = entries.find((e) => MISNAMED.test(e));
    if (misnamed)
      problems.push(
        error('FLEET_MISNAMED_SPEC', 'Spec file not named service.yaml: msp does not read it', [], {
          file: `${shown}/${misnamed}`,
          hint: `Rename it to ${shown}/service.yaml.`,
        }),
      );
    else
      problems.push(
        warning('FLEET_NO_SPEC', 'Folder under services/ without a service.yaml: not a service', [], {
          file: shown,
          hint: 'Add a service.yaml (msp init), or move the folder out of services/.',
        }),
      );
  }
  return { ids, problems };
}
