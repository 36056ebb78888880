/**
 * Docs stay true about the repository. Every hand-written or generated Markdown file of the
 * repository (README.md, ARCHITECTURE.md, BENCHMARKS.md, docs/*.md, the READMEs under src/,
 * packages/ and examples/runtime-service/; not the example fleet's generated pages, which name
 * files of a fleet and are goldens) is read, and:
 *
 * - every repository path it names in a code span or a code block (`src/…`, `test/…`,
 *   `scripts/…`, `docs/…`, `packages/…`, `examples/…`, `.ci/…`) exists. A path may name a file of
 *   a fleet (`docs/services.md`): it is then looked up in the example fleet too; a package's own
 *   README may name paths inside that package. Paths with placeholders (`<id>`, `*`, `{a,b}`,
 *   `…`) are patterns, not files, and are skipped;
 * - ARCHITECTURE.md's module names (`spec/resolve`, `fleet/pool.ts`, and a bare `rules.ts` in a
 *   row of a table whose first cell names the folder) exist under `src/` (or the row's folder);
 * - every relative link exists, and its `#fragment`, if any, is a heading of the target;
 * - every `npm run <script>` is a script of the package.json that doc belongs to (or the
 *   repository's, for commands run from the root);
 * - every `msp <command>` (also `npx msp`, `node dist/msp.js`) is a command of the CLI, and each
 *   `--flag` written after it is one that command's `--help` lists;
 * - every diagnostic code it names (`SPEC_UNKNOWN_KEY`) is declared in the catalogue
 *   (src/diagnostics/codes/), so a renamed or split code cannot leave a doc behind.
 *
 * Comments are docs too: every repository path a comment of src/ (tests aside, whose paths are
 * often made up) or scripts/ names exists.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { catalogue, isDiagnosticCode } from '../../src/diagnostics/codes/index.ts';
import { scanMarkdown } from '../../src/docs/markdown-scan.ts';
import { cli } from '../support/cli.ts';

const REPO = join(import.meta.dirname, '..', '..');
const EXAMPLE_FLEET = join(REPO, 'examples');
const REPO_ROOTS = /^(src|test|scripts|docs|packages|examples|\.ci)\//;
const PLACEHOLDER = /[<>*{}$…]|\.\.\./;
/** Build output (`dist/`) is not committed: a doc may name it, the test cannot look it up. */
const BUILD_OUTPUT = /(^|\/)dist\//;
/** Each service folder of the example fleet: docs name a service's files relative to it. */
const EXAMPLE_SERVICES = readdirSync(join(EXAMPLE_FLEET, 'services')).map((s) =>
  join(EXAMPLE_FLEET, 'services', s),
);

/** The Markdown files checked, as repository-relative paths. */
function markdownFiles(): string[] {
  const list = ['README.md', 'ARCHITECTURE.md', 'BENCHMARKS.md'];
  for (const n of readdirSync(join(REPO, 'docs')).sort()) if (n.endsWith('.md')) list.push(`docs/${n}`);
  const walk = (dir: string) => {
    for (const n of readdirSync(join(REPO, dir)).sort()) {
      if (n === 'node_modules' || n === 'dist' || n.startsWith('.')) continue;
      const p = `${dir}/${n}`;
      if (statSync(join(REPO, p)).isDirectory()) walk(p);
      else if (n === 'README.md') list.push(p);
    }
  };
  walk('src');
  walk('packages');
  walk('examples/runtime-service');
  return list;
}

interface Doc {
  path: string;
  text: string;
  /** Code: the text of every code span (prose lines) and every line of a code block. */
  code: { text: string; line: number }[];
  /** Prose lines (outside code blocks), for links and tables. */
  prose: { text: string; line: number }[];
}

function readDoc(path: string): Doc {
  const text = readFileSync(join(REPO, path), 'utf8');
  const code: Doc['code'] = [];
  const prose: Doc['prose'] = [];
  scanMarkdown(text).lines.forEach((l, i) => {
    const line = i + 1;
    if (l.kind === 'code' || l.kind === 'indented') code.push({ text: l.text, line });
    else if (l.kind === 'text') {
      prose.push({ text: l.text, line });
      for (const m of l.text.matchAll(/(`+)([^`]+?)\1(?!`)/g)) code.push({ text: m[2]!.trim(), line });
    }
  });
  return { path, text, code, prose };
}

const DOCS = markdownFiles().map(readDoc);

/** The package a doc belongs to: the nearest folder with a package.json. */
function packageDir(doc: string): string {
  let d = dirname(join(REPO, doc));
  while (d.startsWith(REPO) && !existsSync(join(d, 'package.json'))) d = dirname(d);
  return d.startsWith(REPO) ? d : REPO;
}

function cleanWord(word: string): string {
  return word
    .replace(/^[("'[]+/, '')
    .replace(/[)"',.:;\]]+$/, '')
    .replace(/#.*$/, '')
    .replace(/:\d+(:\d+)?$/, '');
}

function existsAny(bases: string[], p: string, extensions: string[] = ['']): boolean {
  return bases.some((b) => extensions.some((e) => existsSync(join(b, p + e))));
}

test('the docs checked include every kind of doc', () => {
  const paths = DOCS.map((d) => d.path);
  for (const p of ['README.md', 'ARCHITECTURE.md', 'docs/validation.md', 'packages/runtime/README.md'])
    assert.ok(paths.includes(p), `${p} is checked`);
});

test('every repository path named in the docs exists', () => {
  const missing: string[] = [];
  for (const doc of DOCS) {
    const bases = [REPO, EXAMPLE_FLEET];
    // ARCHITECTURE.md's data flow names modules relative to src/ (`docs/service-page`).
    if (doc.path === 'ARCHITECTURE.md') bases.push(join(REPO, 'src'));
    const pkg = packageDir(doc.path);
    if (pkg !== REPO) bases.push(pkg);
    for (const c of doc.code)
      for (const raw of c.text.split(/\s+/)) {
        const p = cleanWord(raw);
        if (!REPO_ROOTS.test(p) || PLACEHOLDER.test(p) || BUILD_OUTPUT.test(p)) continue;
        const exts = doc.path === 'ARCHITECTURE.md' ? ['', '.ts'] : [''];
        if (!existsAny(bases, p, exts)) missing.push(`${doc.path}:${c.line}: ${p}`);
      }
  }
  assert.deepEqual(missing, [], 'fix the doc (or the path) so it names a file that exists');
});

test("ARCHITECTURE.md's module names exist under src/", () => {
  const doc = DOCS.find((d) => d.path === 'ARCHITECTURE.md')!;
  const srcFolders = readdirSync(join(REPO, 'src')).filter((n) =>
    statSync(join(REPO, 'src', n)).isDirectory(),
  );
  const srcRelative = new RegExp(`^(${srcFolders.join('|')})/[\\w./-]*[\\w/]$`);
  const exts = ['', '.ts', '.mjs'];
  const missing: string[] = [];
  let checked = 0;
  // Module names in code spans and in the data-flow diagram: `spec/resolve`, `io/lock.ts`.
  for (const c of doc.code)
    for (const raw of c.text.split(/[\s(),]+/)) {
      // `source/yaml-document.locate()` names a function of a module.
      const p = cleanWord(raw).replace(/\.(?!(?:ts|mjs|js|json|md|sh|ya?ml)$)[a-zA-Z]\w*$/, '');
      if (!srcRelative.test(p) || PLACEHOLDER.test(p)) continue;
      checked++;
      if (!existsAny([join(REPO, 'src'), REPO, EXAMPLE_FLEET, ...EXAMPLE_SERVICES], p, exts))
        missing.push(`ARCHITECTURE.md:${c.line}: ${p}`);
    }
  // A bare file name in a table row is a file of the folder(s) the row's first cell names.
  for (const l of doc.prose) {
    const cells = l.text.split('|').slice(1, -1);
    if (cells.length < 2) continue;
    const folders = [...cells[0]!.matchAll(/`([\w./-]+\/)`/g)].map((m) => m[1]!);
    if (folders.length === 0) continue;
    for (const cell of cells.slice(1))
      for (const m of cell.matchAll(/`([\w.-]+\.(?:ts|mjs|sh))`/g)) {
        checked++;
        const name = m[1]!;
        const found = folders.some((f) => existsAny([join(REPO, f)], name) || findBelow(join(REPO, f), name));
        if (!found) missing.push(`ARCHITECTURE.md:${l.line}: ${name} (in ${folders.join(', ')})`);
      }
  }
  assert.ok(checked > 50, `expected to check ARCHITECTURE.md's module names, checked ${checked}`);
  assert.deepEqual(missing, [], 'fix ARCHITECTURE.md so it names modules that exist');
});

/** Every TypeScript/JavaScript file under `dir` (repository-relative), tests included. */
function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(join(REPO, dir))) {
    if (n === 'node_modules' || n === 'dist' || n === 'fixtures' || n.startsWith('.')) continue;
    const p = `${dir}/${n}`;
    if (statSync(join(REPO, p)).isDirectory()) sourceFiles(p, out);
    else if (/\.(ts|mts|mjs|js)$/.test(n)) out.push(p);
  }
  return out;
}

function findBelow(dir: string, name: string): boolean {
  if (!existsSync(dir)) return false;
  for (const n of readdirSync(dir)) {
    if (n === 'node_modules' || n === 'dist') continue;
    const p = join(dir, n);
    if (n === name) return true;
    if (statSync(p).isDirectory() && findBelow(p, name)) return true;
  }
  return false;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(text: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  for (const l of scanMarkdown(text).lines) {
    if (l.kind === 'text') {
      for (const m of l.text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) out.add(m[1]!);
      const h = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(l.text);
      if (!h) continue;
      const base = h[1]!
        .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-');
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      out.add(n === 0 ? base : `${base}-${n}`);
    }
  }
  return out;
}

test('every relative link in the docs reaches a file, and a heading when it names one', () => {
  const broken: string[] = [];
  let checked = 0;
  for (const doc of DOCS)
    for (const l of doc.prose)
      for (const m of l.text.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const target = m[1]!;
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, file:
        checked++;
        const [file, fragment] = target.split('#') as [string, string | undefined];
        const abs = file === '' ? join(REPO, doc.path) : join(REPO, dirname(doc.path), decodeURI(file));
        const where = `${doc.path}:${l.line}: ${target}`;
        if (!abs.startsWith(REPO) || !existsSync(abs)) {
          broken.push(`${where} (no such file: ${relative(REPO, abs)})`);
          continue;
        }
        if (fragment && abs.endsWith('.md') && !anchors(readFileSync(abs, 'utf8')).has(fragment))
          broken.push(`${where} (no heading #${fragment} in ${relative(REPO, abs)})`);
      }
  assert.ok(checked > 50, `expected to check the docs' links, checked ${checked}`);
  assert.deepEqual(broken, [], 'fix the link');
});

test('every `npm run` script named in the docs exists', () => {
  const scriptsOf = (dir: string): string[] =>
    Object.keys(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts ?? {});
  const root = scriptsOf(REPO);
  const missing: string[] = [];
  let checked = 0;
  for (const doc of DOCS) {
    const own = scriptsOf(packageDir(doc.path));
    for (const c of doc.code)
      for (const m of c.text.matchAll(/npm (?:--prefix \S+ )?run(?: --silent)? ([\w:-]+)/g)) {
        checked++;
        if (!own.includes(m[1]!) && !root.includes(m[1]!))
          missing.push(`${doc.path}:${c.line}: npm run ${m[1]}`);
      }
  }
  assert.ok(checked > 10, `expected to check npm scripts, checked ${checked}`);
  assert.deepEqual(missing, [], 'name a script of package.json (or add the script)');
});

/** Commands the docs name, with the flags written after them: `msp generate --all --check`. */
function mspInvocations(): { where: string; command: string[]; flags: string[] }[] {
  const out: { where: string; command: string[]; flags: string[] }[] = [];
  for (const doc of DOCS)
    for (const c of doc.code) {
      // One invocation ends at a shell separator, a redirection (` > file`, unlike `<service>`)
      // or a comment; `\|` is a pipe inside a table
      // cell (`msp validate [files…] \| --all`), not a shell pipe.
      for (const segment of c.text.replace(/\\\|/g, ' ').split(/&&|\|\||[|;#]|\s\d?>/)) {
        // Only a segment that starts with the command (after a prompt and environment
        // variables): `the files msp owns` in a sample output is prose.
        const m =
          /^\s*(?:\$ )?(?:[A-Z_]+=\S+ )*(?:npx )?(?:msp|node dist\/msp\.js) ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?(.*)$/.exec(
            segment,
          );
        if (!m) continue;
        const command = [m[1]!];
        if (m[1] === 'pg' || m[1] === 'tfc') command.push(m[2] ?? '');
        const flags = [...(m[0] ?? '').matchAll(/(?:^|[\s[|])(--[a-z][\w-]*)/g)].map((f) => f[1]!);
        out.push({ where: `${doc.path}:${c.line}: ${segment.trim()}`, command, flags });
      }
    }
  return out;
}

test('every `msp` command and flag named in the docs exists', async () => {
  const invocations = mspInvocations();
  assert.ok(invocations.length > 50, `expected to check msp commands, found ${invocations.length}`);
  const top = await cli(['--help'], REPO);
  const commands = new Set([...top.stdout.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]!));
  const helps = new Map<string, string>();
  const problems: string[] = [];
  for (const inv of invocations) {
    if (!commands.has(inv.command[0]!)) {
      problems.push(`${inv.where} (no command \`msp ${inv.command[0]}\`)`);
      continue;
    }
    const key = inv.command.join(' ');
    if (!helps.has(key)) {
      const r = await cli([...inv.command, '--help'], REPO);
      helps.set(key, r.code === 0 ? `${r.stdout}\n${top.stdout}` : '');
    }
    const help = helps.get(key)!;
    if (help === '') {
      problems.push(`${inv.where} (no command \`msp ${key}\`)`);
      continue;
    }
    for (const flag of inv.flags)
      if (!new RegExp(`(^|[\\s,])${flag}(?![\\w-])`, 'm').test(help))
        problems.push(`${inv.where} (\`msp ${key}\` has no ${flag})`);
  }
  assert.deepEqual(problems, [], 'fix the doc so it names commands and flags the CLI has');
});

test('every diagnostic code named in the docs is declared in the catalogue', () => {
  const prefixes = [...new Set(catalogue().map((e) => e.code.split('_')[0]!))];
  const code = new RegExp(`\\b(?:${prefixes.join('|')})_[A-Z0-9_]*[A-Z0-9]\\b`, 'g');
  // Constants of the code (`IO_RULE`, `IMAGE_TAG`) look like codes but are not.
  const declared = new Set<string>();
  for (const root of ['src', 'test', 'scripts', 'packages/runtime/src'])
    for (const f of sourceFiles(root))
      for (const m of readFileSync(join(REPO, f), 'utf8').matchAll(
        /\b(?:const|let|function|class|enum|type|interface)\s+([A-Z][A-Z0-9_]+)\b/g,
      ))
        declared.add(m[1]!);
  const unknown: string[] = [];
  let checked = 0;
  for (const doc of DOCS) {
    // Generated from the catalogue itself, with each split code's former name.
    if (doc.path === 'docs/diagnostics.md') continue;
    doc.text.split('\n').forEach((line, i) => {
      for (const m of line.matchAll(code)) {
        if (declared.has(m[0])) continue;
        checked++;
        if (!isDiagnosticCode(m[0])) unknown.push(`${doc.path}:${i + 1}: ${m[0]}`);
      }
    });
  }
  assert.ok(checked > 30, `expected to check the codes the docs name, checked ${checked}`);
  assert.deepEqual(unknown, [], 'name a code of src/diagnostics/codes/ (docs/diagnostics.md lists them)');
});

test('every repository path named in a comment of src/ or scripts/ exists', () => {
  const files = [...sourceFiles('src'), ...sourceFiles('scripts')].filter((f) => !f.endsWith('.test.ts'));
  const bases = [REPO, join(REPO, 'src'), EXAMPLE_FLEET, join(REPO, 'packages', 'runtime')];
  const path = /(?:^|[\s(`'"])((?:src|test|scripts|docs|packages|examples|\.ci)\/[\w./-]*[\w/])/g;
  const missing: string[] = [];
  let checked = 0;
  for (const f of files)
    readFileSync(join(REPO, f), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const comment = /^\s*(?:\/\/|\/\*\*?|\*)(.*)$/.exec(line) ?? /\s\/\/\s(.*)$/.exec(line);
        if (!comment) return;
        for (const m of comment[1]!.matchAll(path)) {
          const p = m[1]!.replace(/[.]+$/, '');
          if (PLACEHOLDER.test(p) || BUILD_OUTPUT.test(p)) continue;
          checked++;
          if (!existsAny(bases, p, ['', '.ts'])) missing.push(`${f}:${i + 1}: ${p}`);
        }
      });
  assert.ok(checked > 100, `expected to check the paths comments name, checked ${checked}`);
  assert.deepEqual(missing, [], 'fix the comment so it names a file that exists');
});
