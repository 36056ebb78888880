/**
 * The language server's view of one fleet: the diagnostics `msp validate --all` would report
 * for it, per file, kept up to date as documents change. It runs the CLI's own pipeline (the
 * platform loader, `loadSpec` per service, the fleet-wide checks and their locating) through an
 * injected reader, so an open document is validated from the editor's text, not the disk.
 * Work is cached per service: a change to one service's files re-validates that service and
 * the fleet-wide checks; a change to the platform config re-validates every service.
 */
import { join } from 'node:path';
import { type Diagnostic, sortDiagnostics } from '../diagnostics/diagnostic.ts';
import { checkFleet, type FleetEntry } from '../fleet/checks.ts';
import { type FileReader, type LoadedSpec, loadPlatform, loadSpec, locateInFiles } from '../io/load.ts';
import type { PlatformConfig } from '../platform/model.ts';

/** What a session needs from the outside world; the server passes the disk plus open documents. */
interface FleetFs {
  read: FileReader;
  /** The fleet's service ids (sorted) and the folders under services/ that could not be read. */
  scan: (root: string) => { ids: string[]; problems: Diagnostic[] };
}

/** Where a session's fleet is: a fleet root, or one spec outside any fleet. */
export interface FleetPlace {
  /** Absolute folder that diagnostics' file names are relative to. */
  root: string;
  /** Absolute path of platform.yaml, when the fleet has one. */
  platformFile?: string;
  /** A spec outside any fleet (validated alone with the built-in platform config, like `msp validate <file>`). */
  single?: string;
}

export class FleetSession {
  readonly place: FleetPlace;
  private readonly fs: FleetFs;
  private platform?: { value?: PlatformConfig; diagnostics: Diagnostic[] };
  private scanned?: { ids: string[]; problems: Diagnostic[] };
  private readonly specs = new Map<string, LoadedSpec>();

  constructor(place: FleetPlace, fs: FleetFs) {
    this.place = place;
    this.fs = fs;
  }

  /** Forgets everything: the next `diagnostics()` reads the platform config and every spec again. */
  invalidateAll(): void {
    this.platform = undefined;
    this.scanned = undefined;
    this.specs.clear();
  }

  /** Forgets one service (its spec or a sibling file changed). */
  invalidateService(id: string): void {
    this.specs.delete(id);
  }

  /** Lists services/ again on the next run (a folder or spec was created or deleted). */
  invalidateScan(): void {
    this.scanned = undefined;
  }

  /** The service ids validated in the last run. */
  serviceIds(): string[] {
    return this.ids();
  }

  private ids(): string[] {
    if (this.place.single) return [this.place.single];
    this.scanned ??= this.fs.scan(this.place.root);
    return this.scanned.ids;
  }

  private specPath(id: string): string {
    return this.place.single ?? join(this.place.root, 'services', id, 'service.yaml');
  }

  /**
   * Every diagnostic of the fleet keyed by the file it is about, as `msp validate --all
   * --format json` files them (paths relative to the fleet root), each list sorted the same way.
   * Files with nothing to report are absent. Never throws on any input.
   */
  diagnostics(): Map<string, Diagnostic[]> {
    const { root } = this.place;
    this.platform ??= loadPlatform(this.place.platformFile, root, this.fs.read);
    const perFile = new Map<string, Diagnostic[]>();
    const add = (file: string, d: Diagnostic) => {
      const l = perFile.get(file);
      if (l) l.push(d);
      else perFile.set(file, [d]);
    };
    // Without a platform.yaml the built-in defaults' notes belong to no file: nothing to publish.
    if (this.place.platformFile)
      for (const d of this.platform.diagnostics) add(d.range?.file ?? d.file ?? 'platform.yaml', d);
    const ids = this.ids();
    for (const d of this.scanned?.problems ?? []) if (d.file) add(d.file, d);
    const platform = this.platform.value;
    if (!platform) return sorted(perFile);
    const entries: FleetEntry[] = [];
    for (const id of ids) {
      let r = this.specs.get(id);
      if (!r) {
        r = loadSpec(this.specPath(id), platform, root, this.fs.read);
        this.specs.set(id, r);
      }
      for (const d of r.diagnostics) add(d.range?.file ?? d.file ?? r.shownPath, d);
      if (r.raw && !this.place.single) entries.push({ dirName: id, file: r.shownPath, raw: r.raw });
    }
    for (const d of locateInFiles(checkFleet(entries), root, {}, this.fs.read)) add(d.file!, d);
    return sorted(perFile);
  }
}

function sorted(perFile: Map<string, Diagnostic[]>): Map<string, Diagnostic[]> {
  return new Map([...perFile].map(([f, l]) => [f, sortDiagnostics(l)]));
}
