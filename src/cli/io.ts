/** What a command may touch of the process: injected so tests run commands in-process. */
export interface CliIO {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Colours and progress only on a terminal, never in CI. */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  /** Reads a line of user input for interactive prompts; undefined when not interactive. */
  prompt?: (question: string) => Promise<string>;
}

/** Exit codes: 0 ok, 1 problems found in the input, 2 usage error, 3 internal error. */
export const EXIT = { OK: 0, INVALID: 1, USAGE: 2, INTERNAL: 3 } as const;

/** Thrown by commands for usage errors; main turns it into exit code 2. */
export class UsageError extends Error {}
