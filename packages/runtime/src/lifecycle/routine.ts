import type { Logger } from 'pino';
import { errorMessage } from '../diagnostics/health.ts';

/** What a routine receives when it starts. */
export interface RoutineContext {
  logger: Logger;
  /** Aborted when shutdown begins. */
  signal: AbortSignal;
  /** Reports a fatal error after start: the service shuts down and exits with code 1. */
  fail(err: unknown): void;
}

/** What a routine receives when it is asked to stop. */
export interface StopContext {
  /** Aborted when the grace period is over; stop must return promptly then. */
  signal: AbortSignal;
  /** Epoch milliseconds by which stopping must be done. */
  deadline: number;
}

/**
 * A background activity with a start and a stop: a consumer, a scheduler, a cache warmer.
 * Routines start in order and stop in reverse order (last started, first stopped), after the
 * HTTP server has drained and before the data stores close.
 */
export interface Routine {
  readonly name: string;
  /** Starts the routine and resolves once it runs (not when it ends). Rejecting aborts startup. */
  start(ctx: RoutineContext): Promise<void> | void;
  /** Stops the routine; should finish before `ctx.deadline`. */
  stop(ctx: StopContext): Promise<void> | void;
}

/** Options of {@link createIntervalRoutine}. */
export interface IntervalRoutineOptions {
  /** Run once immediately at start, before the first interval. Default `false`. */
  runAtStart?: boolean;
}

/**
 * A routine running `fn` every `intervalMs` (never overlapping). An error thrown by `fn` is logged
 * and the routine keeps going. Stopping waits for a running `fn`, which receives a signal aborted
 * when shutdown begins.
 */
export function createIntervalRoutine(
  name: string,
  intervalMs: number,
  fn: (signal: AbortSignal) => Promise<void> | void,
  opts: IntervalRoutineOptions = {},
): Routine {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  let controller = new AbortController();
  let logger: Logger | undefined;

  const tick = () => {
    if (stopped) return;
    running = (async () => {
      try {
        await fn(controller.signal);
      } catch (err) {
        logger?.error({ err, routine: name }, `routine ${name} failed: ${errorMessage(err)}`);
      }
    })().finally(() => {
      running = undefined;
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  };

  return {
    name,
    start(ctx) {
      logger = ctx.logger;
      stopped = false;
      controller = new AbortController();
      ctx.signal.addEventListener('abort', () => controller.abort(), { once: true });
      if (opts.runAtStart) tick();
      else timer = setTimeout(tick, intervalMs);
    },
    async stop(ctx) {
      stopped = true;
      clearTimeout(timer);
      controller.abort();
      if (running !== undefined) await raceDeadline(running, ctx.signal);
    },
  };
}

/** Resolves when `p` settles or `signal` aborts, whichever is first. Never rejects. */
export function raceDeadline(p: Promise<unknown>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const onAbort = () => resolve();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      () => resolve(),
      () => resolve(),
    ).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
