/** Running the CLI in-process and on temp copies of the example fleet. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { CliIO } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/program.ts';

export const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');

/** Runs the CLI in-process with captured output, as from a script (no terminal). */
export async function cli(argv: string[], cwd: string, env: Record<string, string> = {}) {
  return runCaptured(argv, cwd, { isTTY: false, env });
}

/** Runs the CLI with scripted answers to its prompts, as on a terminal; `asked` lists the questions. */
export async function cliAnswering(argv: string[], cwd: string, answers: string[]) {
  const asked: string[] = [];
  const r = await runCaptured(argv, cwd, {
    isTTY: true,
    env: { NO_COLOR: '1' },
    prompt: async (q) => {
      asked.push(q);
      const a = answers.shift();
      if (a === undefined) throw new Error(`unexpected question: ${q}`);
      return a;
    },
  });
  return { ...r, asked };
}

/** What a captured CliIO received so far. */
export interface Captured {
  stdout: string;
  stderr: string;
}

/**
 * A CliIO in `cwd` whose output is kept in `out` (as from a script unless `terminal` says
 * otherwise: no terminal, empty environment), for running a command's `run<Name>` in-process.
 */
export function capturedIO(
  cwd: string,
  terminal: Partial<Pick<CliIO, 'isTTY' | 'env' | 'prompt'>> = {},
): { io: CliIO; out: Captured } {
  const out: Captured = { stdout: '', stderr: '' };
  const io: CliIO = {
    cwd,
    stdout: (s) => {
      out.stdout += s;
    },
    stderr: (s) => {
      out.stderr += s;
    },
    isTTY: false,
    env: {},
    ...terminal,
  };
  return { io, out };
}

async function runCaptured(argv: string[], cwd: string, terminal: Pick<CliIO, 'isTTY' | 'env' | 'prompt'>) {
  const { io, out } = capturedIO(cwd, terminal);
  const code = await runCli(argv, io);
  return { code, ...out };
}

/**
 * A temp copy of the example fleet: specs, platform, sibling files and, unless `inputsOnly`, the
 * committed output (each service's terraform/, docs/, diagrams/ and the fleet's docs/). `into`
 * names the folder to copy to instead of a new temp folder.
 */
export function copyExamples(opts: { inputsOnly?: boolean; into?: string } = {}): {
  dir: string;
  cleanup: () => void;
} {
  const dir = opts.into ?? mkdtempSync(join(tmpdir(), 'msp-fleet-'));
  const skip = opts.inputsOnly
    ? /[\\/](runtime-service|terraform|docs|diagrams)([\\/]|$)/
    : /[\\/]runtime-service([\\/]|$)/;
  cpSync(EXAMPLES, dir, { recursive: true, filter: (src) => !skip.test(src.slice(EXAMPLES.length)) });
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

/** The built CLI (`npm run build`, which `node scripts/test.mjs` runs first). */
export const BUILT_CLI = join(import.meta.dirname, '..', '..', 'dist', 'msp.js');

/** Runs the built CLI as a user would (a child process, no terminal), in `cwd`. */
export function runBuilt(argv: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BUILT_CLI, ...argv], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
