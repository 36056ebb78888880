/**
 * `msp logs <service> <env>`: prints the Logs Explorer link of the environment's Cloud Run
 * service or job; `--open` also opens it in a browser when one is available. Also exports the
 * small process helpers the operator commands share (finding a binary on PATH, opening a URL).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { logsExplorerUrl } from '../../urls/index.ts';
import type { CliIO } from '../io.ts';
import { EXIT } from '../io.ts';
import { type FleetOptions, findEnvironment, loadFleet } from './ops.ts';

interface LogsOptions extends FleetOptions {
  service: string;
  env: string;
  open?: boolean;
}

/** The absolute path of an executable named `name` on `PATH` (from the command's environment). */
export function findExecutable(name: string, env: CliIO['env']): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      if (statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Why nothing can be opened here, or undefined when a browser can be: no opener on `PATH`
 * (`xdg-open`, or `open` on macOS), or, on Linux, no display (`DISPLAY`/`WAYLAND_DISPLAY` unset:
 * an SSH session, a container, CI), where `xdg-open` would fail out of sight.
 */
export function whyNoBrowser(io: CliIO): string | undefined {
  const name = process.platform === 'darwin' ? 'open' : 'xdg-open';
  if (!findExecutable(name, io.env)) return `no browser opener found (${name} is not on PATH)`;
  if (process.platform === 'linux' && !io.env.DISPLAY && !io.env.WAYLAND_DISPLAY)
    return 'no display to open a browser on (DISPLAY and WAYLAND_DISPLAY are not set)';
  return undefined;
}

/**
 * Opens `url` with the desktop's opener (`xdg-open`, or `open` on macOS), detached so the
 * command does not wait for the browser. Returns false when no browser can be opened
 * ({@link whyNoBrowser}).
 */
export function openUrl(url: string, io: CliIO): boolean {
  const opener = findExecutable(process.platform === 'darwin' ? 'open' : 'xdg-open', io.env);
  if (!opener || whyNoBrowser(io)) return false;
  const child = spawn(opener, [url], { detached: true, stdio: 'ignore', env: io.env as NodeJS.ProcessEnv });
  child.on('error', () => {});
  child.unref();
  return true;
}

/** Prints (and with `--open` opens) the Logs Explorer link. */
export async function runLogs(opts: LogsOptions, io: CliIO): Promise<number> {
  const fleet = loadFleet(io, opts, [opts.service]);
  if (!fleet) return EXIT.INVALID;
  const spec = fleet.specs[0]!;
  const env = findEnvironment(spec, opts.env);
  const link = logsExplorerUrl(spec, env);
  io.stdout(`${link}\n`);
  if (opts.open && !openUrl(link, io)) io.stderr(`msp: ${whyNoBrowser(io)}; open the link above yourself\n`);
  return EXIT.OK;
}
