/**
 * Writes one service's generated folder atomically. The new tree is written in full into a
 * temporary sibling folder, then swapped in with two renames (old → backup, new → live); the
 * backup is removed last. A kill at any point leaves either the old tree, the new tree, or (in
 * the instant between the renames) a backup that `recoverInterrupted` restores on the next run.
 * Only the generated folder is ever touched.
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

const TMP_PREFIX = '.msp-tmp-';
const OLD_PREFIX = '.msp-old-';

/** Restores or cleans up after an interrupted swap in `parent` for folder `name`. */
export function recoverInterrupted(parent: string, name: string): void {
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return;
  }
  const live = join(parent, name);
  for (const e of entries) {
    if (e.startsWith(`${OLD_PREFIX}${name}-`)) {
      // The swap stopped after moving the old tree away: put it back if nothing replaced it.
      if (!existsSync(live)) renameSync(join(parent, e), live);
      else rmSync(join(parent, e), { recursive: true, force: true });
    } else if (e.startsWith(`${TMP_PREFIX}${name}-`))
      rmSync(join(parent, e), { recursive: true, force: true });
  }
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
 * Replaces `<parent>/<name>` with exactly `files`. `beforeSwap` is a test hook to inject a
 * failure after the new tree is written and before it goes live.
 */
export function replaceTree(
  parent: string,
  name: string,
  files: readonly OutputFile[],
  hooks: { beforeSwap?: () => void } = {},
): void {
  mkdirSync(parent, { recursive: true });
  recoverInterrupted(parent, name);
  const stamp = `${process.pid}-${Date.now().toString(36)}`;
  const tmp = join(parent, `${TMP_PREFIX}${name}-${stamp}`);
  const old = join(parent, `${OLD_PREFIX}${name}-${stamp}`);
  try {
    // Plain writes are enough inside the temp tree: it only becomes visible through the swap.
    // Folders are made parents-first without `recursive`, which costs several syscalls each.
    mkdirSync(tmp);
    const dirs = new Set<string>();
    for (const f of files) {
      const parts = f.path.split('/');
      for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
    }
    for (const d of [...dirs].sort()) mkdirSync(join(tmp, ...d.split('/')));
    for (const f of files) writeFileSync(join(tmp, ...f.path.split('/')), f.content);
    hooks.beforeSwap?.();
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  const live = join(parent, name);
  const hadLive = existsSync(live);
  if (hadLive) renameSync(live, old);
  renameSync(tmp, live);
  if (hadLive) rmSync(old, { recursive: true, force: true });
}
