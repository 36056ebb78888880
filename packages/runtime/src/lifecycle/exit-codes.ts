/**
 * Process exit codes. Cloud Run treats 0 as success and anything else as a failed container or
 * job task (retried up to the job's max retries).
 */
export const ExitCode = {
  /** Clean exit: a service drained and stopped after SIGTERM/SIGINT, or a job succeeded. */
  OK: 0,
  /**
   * Failure: invalid environment, initialization error, a routine failed, requests were cut off
   * at the end of the grace period, the grace period was exceeded, or a job failed or missed its
   * deadline.
   */
  FAILURE: 1,
  /** A job interrupted by SIGINT, or a service forced down by a second SIGINT (128 + 2). */
  SIGINT: 130,
  /** A job interrupted by SIGTERM, or a service forced down by a second SIGTERM (128 + 15). */
  SIGTERM: 143,
} as const;

/** The exit code for being ended by `signal`: 128 + its number. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? ExitCode.SIGINT : signal === 'SIGTERM' ? ExitCode.SIGTERM : ExitCode.FAILURE;
}
