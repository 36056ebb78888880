// Shared test helpers: log capture, HTTP client, child processes, the throwaway servers.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { type Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = join(PACKAGE_DIR, '..', '..');
export const EXAMPLE_MAIN = join(REPO_DIR, 'examples', 'runtime-service', 'src', 'main.ts');

/** A pino destination collecting parsed JSON lines. */
export class LogCapture extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  constructor() {
    super({
      write: (chunk: Buffer, _enc, cb) => {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (line.trim() !== '') this.lines.push(JSON.parse(line) as Record<string, unknown>);
        }
        cb();
      },
    });
  }
  /** Lines whose message contains `text`. */
  find(text: string): Record<string, unknown>[] {
    return this.lines.filter((l) => String(l.message).includes(text));
  }
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: () => unknown;
}

/** One HTTP request to 127.0.0.1:`port`. Rejects on connection errors. */
export function httpRequest(
  port: number,
  path: string,
  opts: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    agent?: Agent;
    timeoutMs?: number;
  } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: opts.method ?? 'GET',
        headers: opts.headers,
        agent: opts.agent ?? false,
        timeout: opts.timeoutMs ?? 20_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** Polls `fn` until it returns true, every `intervalMs`, failing after `timeoutMs`. */
export async function waitFor(
  fn: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
  intervalMs = 100,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await fn()) return;
    } catch {
      // not yet
    }
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The throwaway servers started by scripts/test-services.sh. */
export interface TestServices {
  pgDsn: string;
  redisUrl: string;
  redisTlsUrl: string | undefined;
  redisCaDir: string | undefined;
  /** Runs `scripts/test-services.sh <action>` (pg-stop, pg-start, redis-stop, redis-start). */
  control(action: 'pg-stop' | 'pg-start' | 'redis-stop' | 'redis-start'): void;
}

/** Reads the servers' coordinates; throws when the tests were not started through the script. */
export function testServices(): TestServices {
  const pgDsn = process.env.TEST_PG_DSN;
  const redisUrl = process.env.TEST_REDIS_URL;
  const script = process.env.TEST_SERVICES_SCRIPT;
  if (!pgDsn || !redisUrl || !script) {
    throw new Error(
      'TEST_PG_DSN/TEST_REDIS_URL are not set: run through scripts/test-services.sh (npm test does)',
    );
  }
  return {
    pgDsn,
    redisUrl,
    redisTlsUrl: process.env.TEST_REDIS_TLS_URL || undefined,
    redisCaDir: process.env.TEST_REDIS_CA_DIR || undefined,
    control(action) {
      const r = spawnSync('bash', [script, action], {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: process.env,
      });
      if (r.status !== 0) throw new Error(`test-services.sh ${action} failed with ${r.status}`);
    },
  };
}

/** A child process running a TypeScript entry point with tsx, its JSON log lines parsed. */
export class Child {
  readonly proc: ChildProcess;
  readonly logs: Record<string, unknown>[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  #waiters: { text: string; resolve: (l: Record<string, unknown>) => void }[] = [];

  constructor(entry: string, env: Record<string, string | undefined>, args: string[] = []) {
    this.proc = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      cwd: PACKAGE_DIR,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buf = '';
    this.proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      let i = buf.indexOf('\n');
      while (i !== -1) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        i = buf.indexOf('\n');
        if (line.trim() === '') continue;
        let parsed: Record<string, unknown>;
        try {
          parsed = JSON.parse(line) as Record<string, unknown>;
        } catch {
          parsed = { message: line, unparsed: true };
        }
        this.logs.push(parsed);
        for (const w of this.#waiters.filter((x) => String(parsed.message).includes(x.text))) {
          this.#waiters.splice(this.#waiters.indexOf(w), 1);
          w.resolve(parsed);
        }
      }
    });
    this.proc.stderr!.on('data', (d: Buffer) => this.stderr.push(d.toString('utf8')));
    this.exited = new Promise((resolve) => {
      this.proc.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() }));
    });
  }

  /** Resolves with the first log line whose message contains `text` (past or future). */
  waitForLog(text: string, timeoutMs = 20_000): Promise<Record<string, unknown>> {
    const seen = this.logs.find((l) => String(l.message).includes(text));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no log line "${text}" within ${timeoutMs}ms; stderr: ${this.stderr.join('')}`));
      }, timeoutMs);
      this.#waiters.push({
        text,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
      void this.exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`process exited before logging "${text}"; stderr: ${this.stderr.join('')}`));
      });
    });
  }

  kill(signal: NodeJS.Signals): void {
    this.proc.kill(signal);
  }
}
