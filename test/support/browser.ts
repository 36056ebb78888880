/**
 * Headless Chromium for the browser tests, made to hold up on a loaded machine: Debian's
 * `/usr/bin/chromium` driven by playwright-core, a profile folder of its own per launch (created
 * and removed by playwright, never shared between tests or runs), every wait bounded, and a
 * close that cannot hang the test run. Tests skip themselves when Chromium is not installed
 * (`scripts/install-chromium.sh` installs it; CI runs it).
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM)
    ? undefined
    : `Chromium is not installed at ${CHROMIUM}; run scripts/install-chromium.sh (CI does)`;
}

/** How long any single browser step may take before the test fails instead of hanging. */
export const STEP_TIMEOUT_MS = 30_000;

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium (own temporary profile, bounded launch time). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    timeout: 60_000,
  });
}

/**
 * Closes the browser, giving up after `ms` (playwright kills a browser it launched when the
 * test process exits, so a stuck close never leaves Chromium behind).
 */
export async function closeChromium(browser: Browser, ms = 15_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    browser.close().catch(() => {}),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
