import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parsePlatformConfig } from './parse.ts';

const EXAMPLE = readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'platform.yaml'), 'utf8');
const parse = (text: string) => parsePlatformConfig(Buffer.from(text), 'platform.yaml');

describe('platform.yaml URLs are http(s)', () => {
  it('the example is valid', () => assert.deepEqual(parse(EXAMPLE).diagnostics, []));

  const cases: [string, (t: string) => string, string][] = [
    [
      'access.elevated.requestUrl',
      (t) => t.replace(/requestUrl: .*/, 'requestUrl: "javascript:alert(1)"'),
      'access.elevated.requestUrl',
    ],
    [
      'links.docs',
      (t) => t.replace(/docs: https:.*/, 'docs: "data:text/html,<script>alert(1)</script>"'),
      'links.docs',
    ],
    [
      'links.repository',
      (t) => t.replace(/repository: https:.*/, 'repository: "vbscript:msgbox"'),
      'links.repository',
    ],
    [
      'links.runbook',
      (t) => t.replace(/runbook: https:.*/, 'runbook: "JaVaScRiPt:alert(1)"'),
      'links.runbook',
    ],
    [
      'a channel url label',
      (t) =>
        `${t}\nnotifications:\n  channels:\n    - id: hook\n      type: webhook_tokenauth\n      labels: {url: "javascript:alert(1)"}\n      severities: [CRITICAL]\n`,
      'notifications.channels[0].labels.url',
    ],
  ];
  for (const [name, edit, path] of cases)
    it(`${name}: another scheme is a located error`, () => {
      const text = edit(EXAMPLE.replace(/\nnotifications:[\s\S]*?(?=\n\S)/, ''));
      const errors = parse(text).diagnostics.filter((d) => d.severity === 'error');
      const hit = errors.find((d) => /http:\/\/ or https:\/\//.test(d.message));
      assert.ok(hit, JSON.stringify(errors));
      assert.ok(hit.range && hit.range.start.line > 1);
      assert.equal(
        hit.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
          .join('')
          .slice(1)
          .replace('.[', '['),
        path,
      );
    });
});
