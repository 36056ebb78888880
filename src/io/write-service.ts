/**
 * Replaces generated folders of one service atomically, as one unit. Every new tree is first
 * written in full beside the live one (`.msp-tmp-<name>-<stamp>`), with the files to keep
 * (users' custom files) hard-linked into it from the live tree; then a commit marker
 * (`.msp-commit-<stamp>`) is written; then each live tree is moved aside (`.msp-old-…`) and each
 * new one moved in; the marker and old trees are removed last. A kill before the marker leaves
 * the old trees; a kill after it is completed by `recoverInterrupted`, so a service never mixes
 * old and new output across its folders. Only the named folders are ever touched.
 *
 * Callers hold the fleet lock (io/lock.ts) around both `replaceTrees` and `recoverInterrupted`,
 * so the leftovers recovery finds are always those of a run that is gone, never another live
 * run's temporary folders.
 */
import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { type Diagnostic, warning } from '../diagnostics/diagnostic.ts';
import type { OutputFile } from '../generate/output-file.ts';

/** A leftover of an interrupted write that could not be deleted: where, and why not. */
export interface Leftover {
  /** Absolute path of what resisted (the leftover folder or a file inside it). */
  readonly path: string;
  /** The file system's reason (`EPERM`, …). */
  readonly reason: string;
}

/** The warning for a leftover, located at its path relative to the fleet root. */
export function leftoverDiagnostic(root: string, l: Leftover): Diagnostic {
  return warning('IO_LEFTOVER', 'Leftover of an interrupted write could not be removed', [], {
    file: relative(root, l.path).split(sep).join('/'),
    detail: `The file system refused (${l.reason}); the next run tries again.`,
    hint: 'If it stays, check its permissions and attributes (chattr) and remove it by hand.',
  });
}

/** One folder to replace: `<parent>/<name>` becomes exactly `files` plus the `keep` files. */
export interface TreeReplacement {
  name: string;
  files: readonly OutputFile[];
  /** Paths (relative, `/`-separated) of files of the live tree carried over unchanged. */
  keep?: readonly string[];
}

const LEFTOVER = /^\.msp-(tmp|old)-(.+)-(\d+-[0-9a-z]+)$/;
const COMMIT = /^\.msp-commit-(\d+-[0-9a-z]+)$/;

/** Whether `parent` holds what an interrupted replacement leaves (temporary trees, a marker). */
export function hasLeftovers(parent: string): boolean {
  try {
    return readdirSync(parent).some((e) => LEFTOVER.test(e) || COMMIT.test(e));
  } catch {
    return false;
  }
}

/**
 * Finishes or undoes an interrupted replacement in `parent`: with a commit marker the new trees
 * go live (roll forward), without one the old trees stay (roll back). Idempotent. Leftovers it
 * cannot delete (a read-only folder inside them) are made writable first; what still resists is
 * returned as a warning and left for the next run, which never mistakes it for live output.
 * Throws only when a tree cannot be put in place (then nothing live was lost: retry).
 */
export function recoverInterrupted(parent: string): Leftover[] {
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return [];
  }
  if (!entries.some((e) => LEFTOVER.test(e) || COMMIT.test(e))) return [];
  const committed = new Set(
    entries.map((e) => COMMIT.exec(e)?.[1]).filter((x): x is string => x !== undefined),
  );
  for (const e of entries) {
    const m = LEFTOVER.exec(e);
    if (!m) continue;
    const [, kind, name, stamp] = m as unknown as [string, 'tmp' | 'old', string, string];
    const live = join(parent, name);
    if (committed.has(stamp)) {
      // Roll forward: the new tree replaces whatever is live.
      if (kind === 'tmp') {
        if (existsSync(live) && !existsSync(join(parent, `.msp-old-${name}-${stamp}`)))
          renameSync(live, join(parent, `.msp-old-${name}-${stamp}`));
        else if (existsSync(live)) removeTree(live);
        renameSync(join(parent, e), live);
      }
    } else if (kind === 'old') {
      // Roll back: put the old tree back where nothing new replaced it.
      if (!existsSync(live)) renameSync(join(parent, e), live);
    }
  }
  const warnings: Leftover[] = [];
  // Markers last: a kill while deleting leftovers must not turn a roll-forward into a roll-back.
  const left = readdirSync(parent).sort((a, b) => Number(COMMIT.test(a)) - Number(COMMIT.test(b)));
  for (const e of left)
    if (LEFTOVER.test(e) || COMMIT.test(e)) {
      const w = removeTree(join(parent, e));
      if (w) warnings.push(w);
    }
  return warnings;
}

/**
 * Deletes a folder, making read-only folders in it writable when that is what stops it.
 * Returns what resisted and why instead of throwing when it still cannot.
 */
function removeTree(path: string): Leftover | undefined {
  try {
    rmSync(path, { recursive: true, force: true });
    return undefined;
  } catch {
    // fall through: try again after making every folder writable
  }
  const unlock = (p: string) => {
    try {
      const st = lstatSync(p);
      if (!st.isDirectory()) return;
      chmodSync(p, st.mode | 0o700);
      for (const n of readdirSync(p)) unlock(join(p, n));
    } catch {
      // best effort
    }
  };
  unlock(path);
  try {
    rmSync(path, { recursive: true, force: true });
    return undefined;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { path: err.path ?? path, reason: err.code ?? err.message };
  }
}

/** A file found in a generated folder: its path (relative, `/`-separated) and kind. */
interface TreeEntry {
  path: string;
  kind: 'file' | 'symlink' | 'other';
}

/**
 * Lists a folder's files recursively (symbolic links are listed, never followed), sorted.
 * A missing folder is empty; any other error (no permission) is thrown.
 */
export function listTree(root: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  const walk = (dir: string, rel: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      if (rel === '' && (e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const n of names) {
      const p = join(dir, n);
      const r = rel === '' ? n : `${rel}/${n}`;
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p, r);
      else out.push({ path: r, kind: st.isFile() ? 'file' : st.isSymbolicLink() ? 'symlink' : 'other' });
    }
  };
  walk(root, '');
  return out;
}

/**
 * Reads every regular file of a generated folder as bytes (for --check and docs checks), or
 * only `paths` when given (missing ones are left out). Errors other than a missing file are thrown.
 */
export function readTree(root: string, paths?: readonly string[]): OutputFile[] {
  const out: OutputFile[] = [];
  const wanted =
    paths ??
    listTree(root)
      .filter((e) => e.kind === 'file')
      .map((e) => e.path);
  for (const p of [...wanted].sort()) {
    try {
      out.push({ path: p, content: readFileSync(join(root, ...p.split('/'))) });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
    }
  }
  return out;
}

/**
 * The steps of a swap, each named when it is done. A kill between two steps leaves what
 * `recoverInterrupted` finishes (after `committed`) or undoes (before it).
 */
type SwapStep = 'written' | 'committed' | 'moved-aside' | 'moved-in';

/**
 * Replaces the given folders of `parent` with exactly their files (plus their `keep` files), as
 * one unit (see the module doc). Returns warnings about leftovers it could not delete. Throws
 * the file system's error when the new trees cannot be written; the live trees are then intact.
 */
export function replaceTrees(parent: string, trees: readonly TreeReplacement[]): Leftover[] {
  const swap = swapTrees(parent, trees);
  for (;;) {
    const step = swap.next();
    if (step.done) return step.value;
  }
}

/**
 * {@link replaceTrees} step by step: it pauses after each {@link SwapStep}. Crash tests stop
 * it at a step (a kill there) or `throw()` into it (a failure there: before `committed`, the
 * new trees are removed and the live ones stay).
 */
export function* swapTrees(
  parent: string,
  trees: readonly TreeReplacement[],
): Generator<SwapStep, Leftover[], undefined> {
  if (trees.length === 0) return [];
  mkdirSync(parent, { recursive: true });
  const warnings = recoverInterrupted(parent);
  // pid, time and a random part: two runs (or a reused pid) never share a temporary name.
  const stamp = `${process.pid}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const tmp = (name: string) => join(parent, `.msp-tmp-${name}-${stamp}`);
  const old = (name: string) => join(parent, `.msp-old-${name}-${stamp}`);
  const marker = join(parent, `.msp-commit-${stamp}`);
  try {
    for (const t of trees) writeTree(tmp(t.name), t.files, join(parent, t.name), t.keep ?? []);
    yield 'written';
    writeFileSync(marker, '');
  } catch (e) {
    for (const t of trees) removeTree(tmp(t.name));
    rmSync(marker, { force: true });
    throw e;
  }
  yield 'committed';
  for (const t of trees) if (existsSync(join(parent, t.name))) renameSync(join(parent, t.name), old(t.name));
  yield 'moved-aside';
  for (const t of trees) renameSync(tmp(t.name), join(parent, t.name));
  yield 'moved-in';
  rmSync(marker);
  for (const t of trees) {
    const w = removeTree(old(t.name));
    if (w) warnings.push(w);
  }
  return warnings;
}

/** Replaces one folder of `parent`; see {@link replaceTrees}. */
export function replaceTree(parent: string, name: string, files: readonly OutputFile[]): Leftover[] {
  return replaceTrees(parent, [{ name, files }]);
}

/**
 * Writes a tree into a new folder: `files`, then the `keep` files of `live` hard-linked in (a
 * copy where the file system has no hard links). Plain writes: it only becomes visible through
 * the swap.
 */
function writeTree(dir: string, files: readonly OutputFile[], live: string, keep: readonly string[]): void {
  // Folders are made parents-first without `recursive`, which costs several syscalls each.
  mkdirSync(dir);
  const dirs = new Set<string>();
  for (const f of [...files.map((x) => x.path), ...keep]) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  for (const d of [...dirs].sort()) mkdirSync(join(dir, ...d.split('/')));
  for (const f of files) {
    const target = join(dir, ...f.path.split('/'));
    try {
      writeFileSync(target, f.content);
    } catch (e) {
      // A failing write(2) (ENOSPC, EIO) carries no path; name the file for the error message.
      const err = e as NodeJS.ErrnoException;
      err.path ??= target;
      throw err;
    }
  }
  for (const k of keep) carryOver(join(live, ...k.split('/')), join(dir, ...k.split('/')));
}

function carryOver(from: string, to: string): void {
  try {
    linkSync(from, to);
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'EXDEV' && code !== 'ENOTSUP' && code !== 'EMLINK') throw e;
  }
  if (lstatSync(from).isSymbolicLink()) symlinkSync(readlinkSync(from), to);
  else {
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
  }
}
