/**
 * Replaces generated folders of one service atomically, as one unit. Every new tree is first
 * written in full beside the live one (`.msp-tmp-<name>-<stamp>`); then a commit marker
 * (`.msp-commit-<stamp>`) is written; then each live tree is moved aside (`.msp-old-…`) and each
 * new one moved in; the marker and old trees are removed last. A kill before the marker leaves
 * the old trees; a kill after it is completed by `recoverInterrupted` (run by every command that
 * writes), so a service never mixes old and new output across its folders. Only the named
 * folders are ever touched.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface OutputFile {
  /** Path relative to the generated folder, with `/` separators. */
  path: string;
  content: string | Uint8Array;
}

/** One folder to replace: `<parent>/<name>` becomes exactly `files`. */
export interface TreeReplacement {
  name: string;
  files: readonly OutputFile[];
}

const LEFTOVER = /^\.msp-(tmp|old)-(.+)-(\d+-[0-9a-z]+)$/;
const COMMIT = /^\.msp-commit-(\d+-[0-9a-z]+)$/;

/**
 * Finishes or undoes an interrupted replacement in `parent`: with a commit marker the new trees
 * go live (roll forward), without one the old trees stay (roll back). Idempotent.
 */
export function recoverInterrupted(parent: string): void {
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return;
  }
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
        else if (existsSync(live)) rmSync(live, { recursive: true, force: true });
        renameSync(join(parent, e), live);
      }
    } else if (kind === 'old') {
      // Roll back: put the old tree back where nothing new replaced it.
      if (!existsSync(live)) renameSync(join(parent, e), live);
    }
  }
  for (const e of readdirSync(parent))
    if (LEFTOVER.test(e) || COMMIT.test(e)) rmSync(join(parent, e), { recursive: true, force: true });
}

/** Reads every file of a generated folder as bytes (for --check and for keeping other environments). */
export function readTree(root: string): OutputFile[] {
  const out: OutputFile[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ path: relative(root, p).split(sep).join('/'), content: readFileSync(p) });
    }
  };
  walk(root);
  return out;
}

/**
 * Replaces the given folders of `parent` with exactly their files, as one unit (see the module
 * doc). `beforeSwap` is a test hook to inject a failure after the new trees are written and
 * before anything goes live.
 */
export function replaceTrees(
  parent: string,
  trees: readonly TreeReplacement[],
  hooks: { beforeSwap?: () => void } = {},
): void {
  if (trees.length === 0) return;
  mkdirSync(parent, { recursive: true });
  recoverInterrupted(parent);
  const stamp = `${process.pid}-${Date.now().toString(36)}`;
  const tmp = (name: string) => join(parent, `.msp-tmp-${name}-${stamp}`);
  const old = (name: string) => join(parent, `.msp-old-${name}-${stamp}`);
  const marker = join(parent, `.msp-commit-${stamp}`);
  try {
    for (const t of trees) writeTree(tmp(t.name), t.files);
    hooks.beforeSwap?.();
  } catch (e) {
    for (const t of trees) rmSync(tmp(t.name), { recursive: true, force: true });
    throw e;
  }
  writeFileSync(marker, '');
  for (const t of trees) if (existsSync(join(parent, t.name))) renameSync(join(parent, t.name), old(t.name));
  for (const t of trees) renameSync(tmp(t.name), join(parent, t.name));
  rmSync(marker);
  for (const t of trees) rmSync(old(t.name), { recursive: true, force: true });
}

/** Replaces one folder of `parent`; see {@link replaceTrees}. */
export function replaceTree(
  parent: string,
  name: string,
  files: readonly OutputFile[],
  hooks: { beforeSwap?: () => void } = {},
): void {
  replaceTrees(parent, [{ name, files }], hooks);
}

/** Writes a tree into a new folder. Plain writes: it only becomes visible through the swap. */
function writeTree(dir: string, files: readonly OutputFile[]): void {
  // Folders are made parents-first without `recursive`, which costs several syscalls each.
  mkdirSync(dir);
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  for (const d of [...dirs].sort()) mkdirSync(join(dir, ...d.split('/')));
  for (const f of files) writeFileSync(join(dir, ...f.path.split('/')), f.content);
}
