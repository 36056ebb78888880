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
  /** `--verbose`: also print MSP's (upstream) wording of each rule. */
  verbose?: boolean;
  /** The raw standard streams, for a protocol spoken over stdio (`msp lsp`). */
  stdio?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream };
}

/**
 * Whether to colour diagnostics: `NO_COLOR` (any non-empty value) turns colours off,
 * `FORCE_COLOR` (non-empty, not `0`) turns them on even when not on a terminal; otherwise
 * colours only on a terminal (never in CI).
 */
export function useColor(io: Pick<CliIO, 'isTTY' | 'env'>): boolean {
  if (io.env.NO_COLOR) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return io.isTTY;
}

/** Exit codes: 0 ok, 1 problems found in the input, 2 usage error, 3 internal error. */
export const EXIT = { OK: 0, INVALID: 1, USAGE: 2, INTERNAL: 3 } as const;

/** Thrown by commands for usage errors; main turns it into exit code 2. */
export class UsageError extends Error {}
