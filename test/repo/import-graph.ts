/**
 * The import graph of `src/`, read with TypeScript's own parser, and the rules
 * `dependencies.test.ts` checks on it: no cycle between folders, every import points to a lower
 * layer (or stays in its folder), and only the IO modules touch the file system, processes, the
 * network, threads, the clock or randomness. The rules' data is in `layers.ts`. The functions
 * here are pure over (path, text) pairs, so the test can feed them synthetic trees too.
 */
import { dirname, join, normalize, relative, sep } from 'node:path';
import ts from 'typescript';
import type { IoRule, LayerRule } from './layers.ts';

/** One import found in a module. */
export interface ImportRef {
  /** Importing module, relative to the repository root with `/` separators. */
  from: string;
  /** The specifier as written. */
  specifier: string;
  /** For a relative specifier: the imported module, relative to the repository root. */
  to?: string;
  /** `import type` / `export type`: erased at run time, still a dependency of the design. */
  typeOnly: boolean;
  /** Names imported by a static `import { a, b }` (empty for default, namespace and dynamic imports). */
  names: string[];
  line: number;
}

/** A use of a global that reaches the process, the clock or randomness. */
export interface GlobalRef {
  from: string;
  /** e.g. `process`, `Date.now`, `new Date()`, `Math.random`. */
  name: string;
  line: number;
}

export interface ModuleFacts {
  imports: ImportRef[];
  globals: GlobalRef[];
}

const posix = (p: string) => p.split(sep).join('/');

/** Every import of one module (static, `export … from`, dynamic `import()`, `new URL(…, import.meta.url)`). */
export function readModule(path: string, text: string): ModuleFacts {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const imports: ImportRef[] = [];
  const globals: GlobalRef[] = [];
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const add = (node: ts.Node, specifier: string, typeOnly: boolean, names: string[] = []) => {
    const to = specifier.startsWith('.') ? posix(normalize(join(dirname(path), specifier))) : undefined;
    imports.push({
      from: path,
      specifier,
      ...(to !== undefined ? { to } : {}),
      typeOnly,
      names,
      line: lineOf(node),
    });
  };
  const isIdentifier = (node: ts.Node, name: string) => ts.isIdentifier(node) && node.text === name;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      const bindings = clause?.namedBindings;
      const names =
        bindings && ts.isNamedImports(bindings)
          ? bindings.elements.map((e) => (e.propertyName ?? e.name).text)
          : [];
      add(node, node.moduleSpecifier.text, typeOnly, names);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      add(node, node.moduleSpecifier.text, node.isTypeOnly);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      add(node, node.moduleReference.expression.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node)) {
      const [arg] = node.arguments;
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword && arg && ts.isStringLiteralLike(arg))
        add(node, arg.text, false);
      else if (isIdentifier(node.expression, 'require') && arg && ts.isStringLiteralLike(arg))
        add(node, arg.text, false);
    } else if (ts.isNewExpression(node)) {
      const [arg, base] = node.arguments ?? [];
      // new URL('./worker.ts', import.meta.url): a module loaded by path (worker entry files).
      if (
        isIdentifier(node.expression, 'URL') &&
        arg &&
        ts.isStringLiteralLike(arg) &&
        arg.text.startsWith('.') &&
        base &&
        ts.isPropertyAccessExpression(base) &&
        ts.isMetaProperty(base.expression)
      )
        add(node, arg.text, false);
      if (isIdentifier(node.expression, 'Date') && (node.arguments?.length ?? 0) === 0)
        globals.push({ from: path, name: 'new Date()', line: lineOf(node) });
    }
    if (ts.isIdentifier(node) && node.text === 'process' && isGlobalUse(node))
      globals.push({ from: path, name: 'process', line: lineOf(node) });
    if (ts.isPropertyAccessExpression(node)) {
      const name = `${node.expression.getText(source)}.${node.name.text}`;
      if (
        [
          'Date.now',
          'Math.random',
          'performance.now',
          'crypto.getRandomValues',
          'crypto.randomUUID',
        ].includes(name)
      )
        globals.push({ from: path, name, line: lineOf(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { imports, globals };
}

/** `process` as the global (not a property name, a declaration or a member). */
function isGlobalUse(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === node) return false;
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent)) && parent.name === node) return false;
  if (ts.isImportSpecifier(parent) || ts.isBindingElement(parent)) return false;
  if (ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent))
    return false;
  return true;
}

/** The folder of a module under `src/`: `src/spec/rules.ts` → `spec`; undefined outside `src/`. */
export function folderOf(path: string): string | undefined {
  const parts = path.split('/');
  if (parts[0] !== 'src' || parts.length < 3) return undefined;
  return parts[1];
}

/** Folder → folders it imports, with one example import per edge. */
export type FolderGraph = Map<string, Map<string, ImportRef>>;

export function folderGraph(imports: readonly ImportRef[]): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const i of imports) {
    const a = folderOf(i.from);
    if (a === undefined) continue;
    if (!graph.has(a)) graph.set(a, new Map());
    const b = i.to === undefined ? undefined : folderOf(i.to);
    if (b === undefined || b === a) continue;
    const edges = graph.get(a)!;
    if (!edges.has(b)) edges.set(b, i);
    if (!graph.has(b)) graph.set(b, new Map());
  }
  return graph;
}

/**
 * The cycles between folders: each strongly connected component of more than one folder, as one
 * cycle through it (Tarjan's algorithm, then a shortest path back), in a stable order.
 */
export function folderCycles(graph: FolderGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const strong = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of [...(graph.get(v)?.keys() ?? [])].sort()) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) strong(v);
  return components.map((c) => cycleThrough(graph, c)).sort((a, b) => a.join().localeCompare(b.join()));
}

/** A shortest cycle from the first folder of a component back to itself, staying inside it. */
function cycleThrough(graph: FolderGraph, component: readonly string[]): string[] {
  const inside = new Set(component);
  const start = component[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of [...(graph.get(v)?.keys() ?? [])].sort()) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [...component, start];
}

/** Imports that break the layer list: into a higher layer, or across folders of one layer. */
export function layerViolations(imports: readonly ImportRef[], rule: LayerRule): string[] {
  const layerOf = new Map<string, number>();
  rule.layers.forEach((layer, i) => {
    for (const folder of layer.folders) layerOf.set(folder, i);
  });
  const out: string[] = [];
  const unknown = new Set<string>();
  for (const i of imports) {
    const a = folderOf(i.from);
    if (a === undefined) continue;
    if (!layerOf.has(a)) unknown.add(a);
    const b = i.to === undefined ? undefined : folderOf(i.to);
    if (b === undefined || b === a) continue;
    if (!layerOf.has(b)) {
      unknown.add(b);
      continue;
    }
    const la = layerOf.get(a);
    const lb = layerOf.get(b)!;
    if (la === undefined) continue;
    if (lb > la)
      out.push(
        `${i.from}:${i.line} imports ${i.to} — ${a} (layer "${rule.layers[la]!.name}") may not import ${b} (higher layer "${rule.layers[lb]!.name}")`,
      );
    else if (lb === la)
      out.push(
        `${i.from}:${i.line} imports ${i.to} — ${a} and ${b} are both in layer "${rule.layers[la]!.name}" and may not import each other`,
      );
  }
  for (const f of [...unknown].sort())
    out.unshift(
      `src/${f}/ is in no layer: add it to the layer list (test/repo/layers.ts) and ARCHITECTURE.md`,
    );
  return out;
}

/** Modules outside the IO list that import an IO module of Node or use an IO global. */
export function ioViolations(facts: readonly ModuleFacts[], rule: IoRule): string[] {
  const allowed = (path: string) =>
    rule.modules.some((m) => (m.endsWith('/') ? path.startsWith(m) : path === m));
  const out: string[] = [];
  for (const f of facts) {
    for (const i of f.imports) {
      if (allowed(i.from) || i.typeOnly) continue;
      const name = i.specifier.replace(/^node:/, '');
      if (rule.nodeModules.includes(name))
        out.push(`${i.from}:${i.line} imports ${i.specifier}, but is not an IO module (test/repo/layers.ts)`);
      for (const n of i.names)
        if (rule.nodeFunctions.includes(`${name}.${n}`))
          out.push(
            `${i.from}:${i.line} imports ${n} from ${i.specifier}, but is not an IO module (test/repo/layers.ts)`,
          );
    }
    for (const g of f.globals) {
      if (allowed(g.from)) continue;
      out.push(`${g.from}:${g.line} uses ${g.name}, but is not an IO module (test/repo/layers.ts)`);
    }
  }
  return out;
}

/** IO modules listed that do not exist (so the list stays true when files move). */
export function staleIoModules(paths: readonly string[], rule: IoRule): string[] {
  return rule.modules.filter((m) =>
    m.endsWith('/') ? !paths.some((p) => p.startsWith(m)) : !paths.includes(m),
  );
}

/** `path` relative to `root`, with `/` separators. */
export function repoPath(root: string, path: string): string {
  return posix(relative(root, path));
}
