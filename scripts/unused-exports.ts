// Lists the exports of src/ modules that no other module imports: names only their own module
// uses should not be exported, and names nothing uses should not exist. Run it with
// `npm run check:exports` (exit 1 when there are any); test/repo/unused-exports.test.ts runs it
// in `npm test`.
//
// Uses are read from the imports of every source, test, script and runtime-package file, with
// TypeScript's own parser, resolved to the module they name: `import { a }`, `import type { T }`,
// `export { a } from`, a namespace import's members (`urls.a`), and the names destructured from a
// dynamic `import()` (the CLI's lazy commands). A module that is imported whole in a way this
// cannot follow (a namespace passed around as a value, `export *`) counts as using every export.
// The generated provider types (src/terraform/generated/) are a library surface and are skipped.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..');
const SCAN = [
  'src',
  'test',
  'scripts',
  'packages/runtime/src',
  'packages/runtime/test',
  'packages/runtime/bench',
];
const EVERYTHING = '*';

const posix = (p: string) => p.split(sep).join('/');

function walk(dir: string, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names.sort()) {
    if (n === 'node_modules' || n === 'dist' || n === 'fixtures' || n.startsWith('.')) continue;
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|mts|mjs|js)$/.test(n) && !n.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The names a module exports: declarations, `export { a, b }` lists and re-exports. */
function exportedNames(source: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const st of source.statements) {
    if (ts.isExportDeclaration(st)) {
      if (st.exportClause && ts.isNamedExports(st.exportClause))
        for (const e of st.exportClause.elements) names.push(e.name.text);
      continue;
    }
    const mods = ts.canHaveModifiers(st) ? ts.getModifiers(st) : undefined;
    if (!mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    if (mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) names.push('default');
    else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    } else if (
      (ts.isFunctionDeclaration(st) ||
        ts.isClassDeclaration(st) ||
        ts.isInterfaceDeclaration(st) ||
        ts.isTypeAliasDeclaration(st) ||
        ts.isEnumDeclaration(st) ||
        ts.isModuleDeclaration(st)) &&
      st.name &&
      ts.isIdentifier(st.name)
    )
      names.push(st.name.text);
  }
  return names;
}

/** Module (repository path) → names other files import from it (`*`: every export). */
type Uses = Map<string, Set<string>>;

function recordUses(file: string, source: ts.SourceFile, uses: Uses): void {
  const target = (specifier: string): string | undefined =>
    specifier.startsWith('.') ? posix(normalize(join(dirname(file), specifier))) : undefined;
  const use = (to: string | undefined, name: string) => {
    if (to === undefined || to === file) return;
    if (!uses.has(to)) uses.set(to, new Set());
    uses.get(to)!.add(name);
  };
  /** Namespace identifiers (`import * as urls`) → their module. */
  const namespaces = new Map<string, string>();
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const to = target(node.moduleSpecifier.text);
      const clause = node.importClause;
      if (clause?.name) use(to, 'default');
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings))
        for (const e of bindings.elements) use(to, (e.propertyName ?? e.name).text);
      else if (bindings && ts.isNamespaceImport(bindings) && to) namespaces.set(bindings.name.text, to);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const to = target(node.moduleSpecifier.text);
      if (node.exportClause && ts.isNamedExports(node.exportClause))
        for (const e of node.exportClause.elements) use(to, (e.propertyName ?? e.name).text);
      else use(to, EVERYTHING);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      const to = target(node.arguments[0].text);
      // `const { a, b } = await import('./m.ts')` or `(await import('./m.ts')).a`.
      let outer: ts.Node = node.parent;
      while (ts.isAwaitExpression(outer) || ts.isParenthesizedExpression(outer)) outer = outer.parent;
      if (ts.isVariableDeclaration(outer) && ts.isObjectBindingPattern(outer.name)) {
        for (const e of outer.name.elements) {
          const name = e.propertyName ?? e.name;
          use(to, ts.isIdentifier(name) ? name.text : EVERYTHING);
        }
      } else if (ts.isPropertyAccessExpression(outer)) use(to, outer.name.text);
      else use(to, EVERYTHING);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (namespaces.size === 0) return;
  // Members of a namespace import; any other use of the namespace counts as using it whole.
  const members = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && namespaces.has(node.text)) {
      const to = namespaces.get(node.text)!;
      const parent = node.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === node) use(to, parent.name.text);
      else if (ts.isQualifiedName(parent) && parent.left === node) use(to, parent.right.text);
      else if (!ts.isNamespaceImport(parent)) use(to, EVERYTHING);
    }
    ts.forEachChild(node, members);
  };
  members(source);
}

/** `src/<module>.ts: name` for every export of src/ that no other file imports, sorted. */
export function unusedExports(root = ROOT): string[] {
  const files = SCAN.flatMap((d) => walk(join(root, d))).map((f) => posix(relative(root, f)));
  const sources = new Map(
    files.map((f) => [
      f,
      ts.createSourceFile(
        f,
        readFileSync(join(root, f), 'utf8'),
        ts.ScriptTarget.Latest,
        true,
        ts.ScriptKind.TS,
      ),
    ]),
  );
  const uses: Uses = new Map();
  for (const [f, source] of sources) recordUses(f, source, uses);
  const out: string[] = [];
  for (const [f, source] of sources) {
    if (!f.startsWith('src/') || f.includes('/generated/') || f.endsWith('.test.ts')) continue;
    const used = uses.get(f) ?? new Set<string>();
    if (used.has(EVERYTHING)) continue;
    for (const name of exportedNames(source)) if (!used.has(name)) out.push(`${f}: ${name}`);
  }
  return out.sort();
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const list = unusedExports();
  for (const l of list) console.log(l);
  console.log(
    list.length === 0
      ? 'check:exports: no unused exports'
      : `check:exports: ${list.length} exports no other module imports: unexport them (or delete them when their own module does not use them either)`,
  );
  process.exit(list.length === 0 ? 0 : 1);
}
