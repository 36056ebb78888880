/**
 * Hostile input (issue 2, point 4): each case gets a located error with a clear code, parseSpec
 * never throws and returns quickly; through the built CLI (`node dist/msp.js validate <file>`,
 * spawned) each exits 1 with a `file:line:col: error CODE:` line and no stack trace.
 * Limits: src/source/limits.ts (maxFileBytes, maxAliasCount, maxDepth).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe as group, test } from 'node:test';
import { LIMITS } from '../../src/source/limits.ts';
import { describe, errorsOf, minimalSpec, parse, REPO } from './helpers.ts';

interface Case {
  name: string;
  input: () => string | Uint8Array;
  code: string;
  line?: number;
  column?: number;
}

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

const aliasBomb = () => {
  let s = 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i < 10; i++)
    s += `a${i}: &a${i} [${Array(9)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  return `${s}service: *a9\n`;
};

const deepBlockMappings = (levels: number) => {
  const lines = ['service:'];
  for (let i = 1; i <= levels; i++) lines.push(`${' '.repeat(i)}k${i}:`);
  return `${lines.join('\n')} x\n`;
};

const cases: Case[] = [
  { name: 'empty file', input: () => '', code: 'SPEC_NOT_A_MAPPING', line: 1, column: 1 },
  { name: 'empty bytes', input: () => new Uint8Array(0), code: 'SPEC_NOT_A_MAPPING', line: 1, column: 1 },
  { name: 'only comments', input: () => '# nothing here\n\n# still nothing\n', code: 'SPEC_NOT_A_MAPPING' },
  {
    name: 'top-level list',
    input: () => '- service: x\n- b\n',
    code: 'SPEC_NOT_A_MAPPING',
    line: 1,
    column: 1,
  },
  { name: 'top-level scalar', input: () => 'just a string\n', code: 'SPEC_NOT_A_MAPPING', line: 1 },
  { name: 'top-level null', input: () => '~\n', code: 'SPEC_NOT_A_MAPPING', line: 1 },
  {
    name: 'tabs for indentation',
    input: () => 'service:\n\tid: acme-api\n\towners: [core]\n',
    code: 'SPEC_YAML_TAB',
    line: 2,
    column: 1,
  },
  {
    name: 'non-UTF-8 byte (Latin-1 é)',
    input: () => bytes('service:\n  id: caf', [0xe9], '\n'),
    code: 'SPEC_NOT_UTF8',
    line: 2,
    column: 10,
  },
  {
    name: 'UTF-16 with a byte order mark',
    input: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('service: {}\n', 'utf16le')]),
    code: 'SPEC_NOT_UTF8',
    line: 1,
    column: 1,
  },
  // Located at the alias whose expansion passes the limit (a5: 9 × a4, about 3 MB of source).
  { name: 'alias bomb (billion laughs)', input: aliasBomb, code: 'SPEC_ALIAS_LIMIT', line: 6 },
  {
    name: '10,000-deep flow sequences',
    input: () => `service: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
    code: 'SPEC_TOO_DEEP',
    line: 1,
  },
  {
    name: '10,000-deep flow mappings',
    input: () => `service: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`,
    code: 'SPEC_TOO_DEEP',
    line: 1,
  },
  {
    name: '10,000-deep block sequences (compact)',
    input: () => `service:\n  ${'- '.repeat(10_000)}x\n`,
    code: 'SPEC_TOO_DEEP',
    line: 2,
  },
  {
    // 10,000 levels of indentation would be ~50 MB, over the size limit; 2,500 levels (~3 MB)
    // still go far past the depth limit.
    name: '2,500-deep block mappings (indentation)',
    input: () => deepBlockMappings(2_500),
    code: 'SPEC_TOO_DEEP',
    line: LIMITS.maxDepth + 1,
  },
  {
    name: '10,000-deep explicit keys on one line',
    input: () => `service:\n  id: ${'? '.repeat(10_000)}x\n`,
    code: 'SPEC_TOO_DEEP',
    line: 2,
  },
  {
    name: 'file over maxFileBytes',
    input: () => `${minimalSpec()}# ${'x'.repeat(LIMITS.maxFileBytes)}\n`,
    code: 'SPEC_FILE_TOO_LARGE',
    line: 1,
    column: 1,
  },
  {
    name: 'multi-megabyte file just under maxFileBytes, with an error on its last line',
    input: () => {
      const head = minimalSpec();
      const tail = 'unexpected: true\n';
      const line = `# ${'x'.repeat(1000)}\n`;
      const n = Math.floor((LIMITS.maxFileBytes - head.length - tail.length - 10) / line.length);
      return head + line.repeat(n) + tail;
    },
    code: 'SPEC_UNKNOWN_KEY',
  },
  {
    name: 'duplicate keys',
    input: () => minimalSpec().replace('  owners: [core]\n', '  owners: [core]\n  owners: [other]\n'),
    code: 'SPEC_DUPLICATE_KEY',
    line: 4,
    column: 3,
  },
  {
    name: 'duplicate environment ids',
    input: () =>
      minimalSpec({
        envExtra: [
          '  - id: dev',
          '    projectID: acme-api-dev-77aa',
          '    category: test',
          '    deploy: {type: manual}',
          '    instances:',
          '      resources: {cpu: 1, memory: 1Gi}',
        ].join('\n'),
      }),
    code: 'SPEC_DUPLICATE_ENV',
    line: 12,
    column: 9,
  },
  {
    name: 'several YAML documents',
    input: () => `${minimalSpec()}---\nservice: {}\n`,
    code: 'SPEC_MULTIPLE_DOCUMENTS',
    line: 12,
  },
  {
    name: 'a huge number',
    input: () => minimalSpec().replace('cpu: 1', `cpu: 1${'0'.repeat(400)}`),
    code: 'SPEC_WRONG_TYPE',
    line: 11,
  },
  {
    name: 'a self-referencing alias',
    input: () => minimalSpec().replace('  owners: [core]', '  owners: &o [core, *o]'),
    code: 'SPEC_WRONG_TYPE',
    line: 3,
  },
  {
    name: 'an alias to an anchor that does not exist says so',
    input: () => minimalSpec().replace('  owners: [core]', '  owners: *team'),
    code: 'SPEC_UNDEFINED_ALIAS',
    line: 3,
    column: 11,
  },
  {
    name: 'an unknown YAML tag is an error, not a silently changed value',
    input: () =>
      minimalSpec().replace('description: A test service.', 'description: !secret A test service.'),
    code: 'SPEC_UNKNOWN_TAG',
    line: 4,
  },
  {
    name: 'a lone surrogate escape cannot round-trip',
    input: () => minimalSpec().replace('description: A test service.', 'description: "bad \\ud800 half"'),
    code: 'SPEC_UNWRITABLE_TEXT',
    line: 4,
    column: 16,
  },
  {
    name: 'NUL in an env value',
    input: () => minimalSpec({ envExtra: '    env:\n      A: "x\\0y"' }),
    code: 'SPEC_UNWRITABLE_TEXT',
    line: 13,
    column: 10,
  },
  {
    name: 'an encoded surrogate (ED A0 80) is located at its byte',
    input: () => bytes('service:\n  id: acme-api\n  description: "ab', [0xed, 0xa0, 0x80], '"\n'),
    code: 'SPEC_NOT_UTF8',
    line: 3,
    column: 19,
  },
  {
    name: 'an overlong encoding (C0 AF) is located at its byte',
    input: () => bytes('service:\n  id: x', [0xc0, 0xaf], '\n'),
    code: 'SPEC_NOT_UTF8',
    line: 2,
    column: 8,
  },
  {
    name: 'two million flow items stop before parsing (memory bound)',
    input: () => minimalSpec().replace('  owners: [core]', `  owners: [${'a,'.repeat(2_000_000)}a]`),
    code: 'SPEC_TOO_MANY_VALUES',
    line: 3,
  },
  {
    name: '300,000 unknown keys stop before parsing (memory bound)',
    input: () => minimalSpec() + Array.from({ length: 300_000 }, (_, i) => `k${i}: 1`).join('\n'),
    code: 'SPEC_TOO_MANY_VALUES',
  },
  {
    name: 'aliases expanding past the byte cap (amplification)',
    input: () =>
      minimalSpec({
        envExtra: `    env:\n      A: &big "${'x'.repeat(300_000)}"\n${[1, 2, 3, 4].map((i) => `      B${i}: *big`).join('\n')}`,
      }),
    code: 'SPEC_ALIAS_LIMIT',
    line: 17,
  },
];

const MAX_MS = 5000;

group('parseSpec on hostile input', () => {
  for (const c of cases)
    test(c.name, () => {
      const input = c.input();
      const t0 = performance.now();
      const r = parse(input);
      const ms = performance.now() - t0;
      assert.ok(ms < MAX_MS, `took ${ms.toFixed(0)} ms`);
      const errors = errorsOf(r);
      const why = describe(r.diagnostics);
      assert.ok(errors.length >= 1, 'rejected');
      assert.ok(errors.length <= 20, `a bounded number of errors, got ${errors.length}`);
      // The expected code; it is the first error except where the parser reports a syntax
      // error before giving up on the nesting.
      const hit = errors.find((d) => d.code === c.code);
      assert.ok(hit, `no ${c.code}: ${why}`);
      for (const d of r.diagnostics) {
        assert.ok(d.range, `located: ${why}`);
        assert.ok(d.range.start.line >= 1 && d.range.start.column >= 1, why);
        assert.ok(!d.message.includes('\n'), 'one-line message');
        assert.ok(Array.isArray(d.path));
      }
      if (c.line !== undefined) assert.equal(hit.range?.start.line, c.line, why);
      if (c.column !== undefined) assert.equal(hit.range?.start.column, c.column, why);
      assert.equal(r.value, undefined);
    });

  test('control characters do not crash the parser (yaml.v3 would reject them; yaml keeps them)', () => {
    const r = parse(minimalSpec().replace('description: A test service.', 'description: "a\u0000b\u0007"'));
    for (const d of r.diagnostics) assert.ok(d.range && d.range.start.line >= 1);
  });

  test('a UTF-8 byte order mark is accepted', () => {
    const r = parse(bytes([0xef, 0xbb, 0xbf], minimalSpec()));
    assert.deepEqual(r.diagnostics, []);
  });

  test('CRLF line endings are accepted and lines still count from 1', () => {
    const crlf = minimalSpec().replaceAll('\n', '\r\n');
    assert.deepEqual(parse(crlf).diagnostics, []);
    const r = parse(crlf.replace('cpu: 1', 'cpu: 0'));
    assert.equal(errorsOf(r)[0]?.range?.start.line, 11);
  });

  test('many `{` and `[` characters in values are text, not nesting', () => {
    const braces = '{'.repeat(500);
    const brackets = '['.repeat(500);
    const r = parse(
      minimalSpec({
        envExtra: `    env:\n      PLAIN: a${brackets}\n      QUOTED: "${brackets}"\n      SINGLE: '${brackets}'`,
      }).replace(
        'description: A test service.',
        `description: |\n    ${braces}\n    ${brackets}\n    it's ${braces}`,
      ),
    );
    assert.deepEqual(errorsOf(r), []);
    assert.equal(r.value?.environments[0]?.env.find((e) => e.name === 'PLAIN')?.value, `a${brackets}`);
    const plain = parse(
      minimalSpec().replace('description: A test service.', `description: it's a${braces}`),
    );
    assert.deepEqual(errorsOf(plain), []);
  });

  test('90,000 unknown keys are reported without a stack overflow', () => {
    const r = parse(minimalSpec() + Array.from({ length: 90_000 }, (_, i) => `k${i}: 1`).join('\n'));
    assert.ok(errorsOf(r).length >= 1000);
    assert.equal(errorsOf(r)[0]?.code, 'SPEC_UNKNOWN_KEY');
  });

  test('the last line of a multi-megabyte file is located exactly', () => {
    const text = cases.find((c) => c.name.startsWith('multi-megabyte'))!.input() as string;
    assert.ok(Buffer.byteLength(text) > LIMITS.maxFileBytes - 2000);
    assert.ok(Buffer.byteLength(text) <= LIMITS.maxFileBytes);
    const d = errorsOf(parse(text))[0]!;
    assert.equal(d.range?.start.line, text.split('\n').length - 1);
    assert.equal(d.range?.start.column, 1);
  });
});

group('msp validate (built CLI) on hostile input', () => {
  const cli = join(REPO, 'dist', 'msp.js');
  const dir = mkdtempSync(join(tmpdir(), 'msp-hostile-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = (file: string) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [cli, 'validate', file],
        { cwd: dir, env: { ...process.env, NO_COLOR: '1', CI: '1' }, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
      );
    });

  test('the CLI is built', () => assert.ok(existsSync(cli), 'run `node scripts/build.mjs` first'));

  // Spawned in parallel: one process each, so a crash or hang in one is visible on its own.
  const results = new Map<string, Promise<{ code: number | null; stdout: string; stderr: string }>>();
  const fileOf = (i: number) => `case-${i}.yaml`;
  for (const [i, c] of cases.entries())
    test(c.name, async () => {
      if (!results.has(c.name)) {
        writeFileSync(join(dir, fileOf(i)), c.input());
        results.set(c.name, run(fileOf(i)));
      }
      const r = await results.get(c.name)!;
      assert.equal(r.code, 1, `exit code; stderr:\n${r.stderr.slice(0, 2000)}`);
      assert.doesNotMatch(r.stderr, /internal error|^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
      // The file as given. A directory prefix is tolerated: a file refused for its size before
      // reading (src/io/load.ts) is shown with its absolute path, the others relative to cwd.
      const loc = new RegExp(
        `^(?:.*/)?${fileOf(i).replace('.', '\\.')}:${c.line ?? '\\d+'}:${c.column ?? '\\d+'}: error ${c.code}: `,
        'm',
      );
      assert.match(r.stderr, loc);
      assert.ok(r.stderr.length < 200_000, 'output stays small');
    });
});
