/**
 * `--open` where no browser can be opened (no opener on PATH, or no display) prints what to open
 * instead of failing or staying silent; with one, the file is handed to it.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { cli, copyExamples } from '../support/cli.ts';

const fleet = copyExamples();
after(() => fleet.cleanup());
const bin = join(fleet.dir, '.bin');
mkdirSync(bin);

describe('msp docs --open', () => {
  test('without a browser opener, the catalog is written and msp says which file to open', async () => {
    const r = await cli(['docs', '--html', 'site', '--open'], fleet.dir, { PATH: bin });
    assert.equal(r.code, 0, r.stderr);
    const index = join(fleet.dir, 'site', 'index.html');
    assert.ok(existsSync(index));
    assert.equal(
      r.stderr,
      `msp: no browser opener found (xdg-open is not on PATH); open it yourself: site/index.html (${pathToFileURL(index).href})\n`,
    );
  });

  test('with an opener but no display (SSH, a container), msp says what to open instead of failing silently', async () => {
    writeFileSync(join(bin, 'xdg-open'), '#!/bin/sh\nexit 3\n');
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const r = await cli(['docs', '--open'], fleet.dir, { PATH: bin });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /^msp: no display to open a browser on \(DISPLAY and WAYLAND_DISPLAY are not set\); open it yourself: docs\/services\.md \(file:\/\/.*\/docs\/services\.md\)\n$/,
    );
  });

  test('with a browser, the catalog index is handed to it', {
    skip: process.platform !== 'linux' && 'xdg-open is the Linux opener',
  }, async () => {
    const opened = join(fleet.dir, 'opened.txt');
    rmSync(opened, { force: true });
    writeFileSync(
      join(bin, 'xdg-open'),
      `#!/bin/sh\nprintf '%s' "$1" > "${opened}.tmp" && /bin/mv "${opened}.tmp" "${opened}"\n`,
    );
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const r = await cli(['docs', '--html', 'site', '--open'], fleet.dir, { PATH: bin, DISPLAY: ':0' });
    assert.equal(r.code, 0, r.stderr);
    for (let i = 0; i < 500 && !existsSync(opened); i++) await sleep(20);
    assert.equal(readFileSync(opened, 'utf8'), pathToFileURL(join(fleet.dir, 'site', 'index.html')).href);
    assert.match(r.stdout, /opening site\/index\.html/);
    assert.equal(r.stderr, '');
  });

  test('--open with --check is a usage error', async () => {
    const r = await cli(['docs', '--check', '--open'], fleet.dir, { PATH: bin });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--open and --check cannot be combined/);
  });
});
