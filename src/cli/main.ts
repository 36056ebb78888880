/** The only module that touches the process: argv, streams, stdin prompts, exit. */
import { createInterface } from 'node:readline/promises';
import * as z from 'zod';
import type { CliIO } from './io.ts';
import { runCli } from './program.ts';

// One-shot CLI runs: zod's JIT compiles each schema with new Function, which costs more than it saves here.
z.config({ jitless: true });

// The yaml parser reads process.env.LOG_TOKENS for every token; a plain-object copy of the
// environment turns that native lookup into a property read (a third of validate's time).
process.env = { ...process.env };

main();

/**
 * The last guard before a terminal: control characters are shown escaped (`\x1b`, `\x07` …),
 * except msp's own colour and line-clearing sequences (`ESC[…m`, `ESC[K`), tab, newline and
 * carriage return. Text from specs is escaped where it is rendered; this catches the rest.
 */
function terminalSafe(s: string): string {
  return s.replace(/\x1b\[[0-9;]*[mK]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g, (m) =>
    m.length > 1 ? m : `\\x${m.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

function main(): void {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY && !process.env.CI);
  const io: CliIO = {
    cwd: process.cwd(),
    stdout: (s) => process.stdout.write(terminalSafe(s)),
    stderr: (s) => process.stderr.write(terminalSafe(s)),
    isTTY: Boolean(process.stderr.isTTY) && !process.env.CI,
    env: process.env,
    stdio: { input: process.stdin, output: process.stdout },
    ...(interactive
      ? {
          prompt: async (q: string) => {
            const rl = createInterface({ input: process.stdin, output: process.stdout });
            try {
              return await rl.question(q);
            } finally {
              rl.close();
            }
          },
        }
      : {}),
  };

  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(
        `msp: internal error: ${(e as Error)?.stack ?? String(e)}\nThis is a bug in msp; please report it with the input that caused it.\n`,
      );
      process.exitCode = 3;
    },
  );
}
