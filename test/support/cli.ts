/** Running the CLI in-process and on temp copies of the example fleet. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { CliIO } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/program.ts';

export const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');

export async function cli(argv: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    cwd,
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    isTTY: false,
    env,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** A temp copy of the example fleet (specs, platform, sibling files, committed output). */
export function copyExamples(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'msp-fleet-'));
  cpSync(EXAMPLES, dir, {
    recursive: true,
    filter: (src) => !src.includes(`${join('examples', 'runtime-service')}`),
  });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every file under `root` as path → bytes (hex digest would hide diffs in failures). */
export function snapshotTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(root, p), readFileSync(p, 'latin1'));
    }
  };
  walk(root);
  return out;
}
