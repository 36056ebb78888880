// Generates TypeScript argument types from the vendored provider schemas.
//
//   node scripts/gen-tf-types.mjs           # write src/terraform/generated/*.ts
//   node scripts/gen-tf-types.mjs --check   # exit 1 if the committed files are stale
//
// For each resource and data source in src/terraform/schemas/<provider>.json: an interface of
// its arguments (required and optional attributes, nested blocks; computed-only attributes are
// left out), the maps ResourceArgs/DataSourceArgs (type name → interface) that make
// `stack.resource('google_project', ...)` type-checked, and ResourceAttributes/
// DataSourceAttributes (type name → every attribute and block name) for `handle.ref(...)`.
// Output is deterministic and already in the repository's formatting.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCHEMA_DIR = 'src/terraform/schemas';
const OUT_DIR = 'src/terraform/generated';
const WIDTH = 110;

/** PascalCase of a snake/kebab name: `cloud_run_v2` → `CloudRunV2`. */
function pascal(name) {
  return name
    .split(/[_-]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

function propName(name) {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)
    ? name
    : `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Generates one provider's file. */
class ProviderEmitter {
  constructor(localName, schema) {
    this.localName = localName;
    this.schema = schema;
    this.prefix = pascal(localName);
    this.decls = [];
    this.names = new Map();
    this.used = new Set();
  }

  claim(name, owner) {
    const prev = this.names.get(name);
    if (prev) throw new Error(`generated type name ${name} is used by both ${prev} and ${owner}; rename one`);
    this.names.set(name, owner);
  }

  use(t) {
    this.used.add(t);
    return t;
  }

  /** TypeScript type of a Terraform (cty) type. */
  ctyType(t) {
    if (typeof t === 'string') {
      if (t === 'string') return this.use('Str');
      if (t === 'number') return this.use('Num');
      if (t === 'bool') return this.use('Bool');
      return this.use('Dynamic');
    }
    const [kind, arg, optional] = t;
    if (kind === 'list' || kind === 'set') return `${this.use('TfList')}<${this.ctyType(arg)}>`;
    if (kind === 'map') return `${this.use('TfMap')}<${this.ctyType(arg)}>`;
    if (kind === 'object') {
      const opt = new Set(optional ?? []);
      const fields = Object.keys(arg)
        .sort()
        .map((k) => `${propName(k)}${opt.has(k) ? '?' : ''}: ${this.ctyType(arg[k])}`);
      return `{ ${fields.join('; ')} } | ${this.use('TfExpr')}`;
    }
    if (kind === 'tuple')
      return `readonly [${arg.map((x) => this.ctyType(x)).join(', ')}] | ${this.use('TfExpr')}`;
    return this.use('Dynamic');
  }

  /**
   * Emits an interface for a block (or nested attribute object) and returns its name. `owner` is
   * e.g. "resource `google_project`", `path` the block names leading here.
   */
  block(name, block, owner, path = [], what = 'Block') {
    const label = `${this.schema.source} ${this.schema.version}`;
    const doc =
      path.length === 0
        ? `Arguments of ${owner} (${label}).`
        : `${what} \`${path.join('.')}\` of ${owner} (${label}).`;
    this.claim(name, `${owner} ${path.join('.')}`);
    const members = [];
    for (const [attrName, attr] of Object.entries(block.attributes ?? {})) {
      if (!attr.required && !attr.optional) continue;
      let type;
      if (attr.nested_type) {
        const nt = attr.nested_type;
        const inner = this.block(
          `${name.replace(/Args$/, '')}${pascal(attrName)}`,
          nt,
          owner,
          [...path, attrName],
          'Attribute',
        );
        if (nt.nesting_mode === 'single') type = `${inner} | ${this.use('TfExpr')}`;
        else if (nt.nesting_mode === 'map') type = `${this.use('TfMap')}<${inner}>`;
        else type = `${this.use('TfList')}<${inner}>`;
      } else type = this.ctyType(attr.type);
      members.push({ name: attrName, optional: !attr.required, type, deprecated: attr.deprecated });
    }
    for (const [btName, bt] of Object.entries(block.block_types ?? {})) {
      const inner = this.block(`${name.replace(/Args$/, '')}${pascal(btName)}`, bt.block, owner, [
        ...path,
        btName,
      ]);
      let type = inner;
      if (bt.nesting_mode === 'list' || bt.nesting_mode === 'set') type = `readonly ${inner}[]`;
      else if (bt.nesting_mode === 'map') type = `{ readonly [label: string]: ${inner} }`;
      members.push({ name: btName, optional: !(bt.min_items > 0), type, deprecated: bt.block.deprecated });
    }
    members.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const lines = [`/** ${doc} */`];
    if (members.length === 0) {
      lines.push(`export type ${name} = Record<string, never>;`);
    } else {
      lines.push(`export interface ${name} {`);
      for (const m of members) {
        if (m.deprecated) lines.push('  /** @deprecated Deprecated by the provider. */');
        lines.push(`  ${propName(m.name)}${m.optional ? '?' : ''}: ${m.type};`);
      }
      lines.push('}');
    }
    this.decls.push({ name, text: lines.join('\n') });
    return name;
  }

  emit(header) {
    const { source, version } = this.schema;
    const label = `${source} ${version}`;
    if (this.localName !== 'terraform') {
      this.block(
        `${this.prefix}ProviderArgs`,
        this.schema.provider,
        `the \`${this.localName}\` provider block`,
      );
    }
    const resources = Object.keys(this.schema.resources).sort();
    const dataSources = Object.keys(this.schema.data_sources).sort();
    const resourceArgs = resources.map((t) =>
      this.block(`${pascal(t)}Args`, this.schema.resources[t], `resource \`${t}\``),
    );
    const dataArgs = dataSources.map((t) =>
      this.block(`Data${pascal(t)}Args`, this.schema.data_sources[t], `data source \`${t}\``),
    );
    const maps = [
      mapDecl(
        `${this.prefix}ResourceArgs`,
        `Argument types of the ${label} resources, by type.`,
        resources,
        resourceArgs,
      ),
      mapDecl(
        `${this.prefix}DataSourceArgs`,
        `Argument types of the ${label} data sources, by type.`,
        dataSources,
        dataArgs,
      ),
      mapDecl(
        `${this.prefix}ResourceAttributes`,
        `Attribute and block names of the ${label} resources, by type (for references).`,
        resources,
        resources.map((t) => nameUnion(this.schema.resources[t])),
      ),
      mapDecl(
        `${this.prefix}DataSourceAttributes`,
        `Attribute and block names of the ${label} data sources, by type (for references).`,
        dataSources,
        dataSources.map((t) => nameUnion(this.schema.data_sources[t])),
      ),
    ];
    const valueTypes = ['Bool', 'Dynamic', 'Num', 'Str', 'TfList', 'TfMap'].filter((t) => this.used.has(t));
    const imports = [];
    if (this.used.has('TfExpr')) imports.push("import type { TfExpr } from '../expr.ts';");
    if (valueTypes.length > 0) imports.push(formatImport(valueTypes, '../values.ts'));
    const body = [...maps, ...this.decls.map((d) => d.text)];
    return `${header}\n\n${imports.length > 0 ? `${imports.join('\n')}\n\n` : ''}${body.join('\n\n')}\n`;
  }
}

function nameUnion(block) {
  const names = [...Object.keys(block.attributes ?? {}), ...Object.keys(block.block_types ?? {})].sort();
  return names.length === 0 ? 'never' : names.map((n) => `'${n}'`);
}

/** `export interface Name { key: Type; ... }`, wrapping unions the way the formatter does. */
function mapDecl(name, doc, keys, values) {
  if (keys.length === 0) return `/** ${doc} */\nexport type ${name} = Record<never, never>;`;
  const lines = [`/** ${doc} */`, `export interface ${name} {`];
  keys.forEach((k, i) => {
    const v = values[i];
    if (Array.isArray(v)) {
      const one = `  ${propName(k)}: ${v.join(' | ')};`;
      if (one.length <= WIDTH) lines.push(one);
      else {
        lines.push(`  ${propName(k)}:`);
        v.forEach((alt, j) => {
          lines.push(`    | ${alt}${j === v.length - 1 ? ';' : ''}`);
        });
      }
    } else lines.push(`  ${propName(k)}: ${v};`);
  });
  lines.push('}');
  return lines.join('\n');
}

function formatImport(names, from) {
  const one = `import type { ${names.join(', ')} } from '${from}';`;
  if (one.length <= WIDTH) return one;
  return `import type {\n${names.map((n) => `  ${n},`).join('\n')}\n} from '${from}';`;
}

function header(what) {
  return `// Code generated by scripts/gen-tf-types.mjs from ${what}. DO NOT EDIT.\n// To change: edit src/terraform/schemas/types.json, run node scripts/vendor-schemas.mjs.`;
}

/** Returns every generated file (path relative to the repository root → content). */
export function generateTypes(root) {
  const dir = join(root, SCHEMA_DIR);
  const providers = JSON.parse(readFileSync(join(dir, 'providers.json'), 'utf8'));
  const locals = [...Object.keys(providers), 'terraform'].sort();
  const files = new Map();
  for (const local of locals) {
    const schema = JSON.parse(readFileSync(join(dir, `${local}.json`), 'utf8'));
    const emitter = new ProviderEmitter(local, schema);
    files.set(
      `${OUT_DIR}/${local}.ts`,
      emitter.emit(header(`${SCHEMA_DIR}/${local}.json (${schema.source} ${schema.version})`)),
    );
  }
  const imports = locals.map((l) => {
    const p = pascal(l);
    const names = [`${p}DataSourceArgs`, `${p}DataSourceAttributes`];
    if (l !== 'terraform') names.push(`${p}ProviderArgs`);
    names.push(`${p}ResourceArgs`, `${p}ResourceAttributes`);
    return formatImport(names, `./${l}.ts`);
  });
  const inter = (suffix) => locals.map((l) => `${pascal(l)}${suffix}`);
  const alias = (name, doc, parts) => {
    const one = `export type ${name} = ${parts.join(' & ')};`;
    const text = one.length <= WIDTH ? one : `export type ${name} = ${parts.join(' &\n  ')};`;
    return `/** ${doc} */\n${text}`;
  };
  const providerLocals = locals.filter((l) => l !== 'terraform');
  const index = [
    header(`${SCHEMA_DIR}/*.json`),
    imports.join('\n'),
    alias(
      'ResourceArgs',
      'Argument types of every vendored resource type, by type name.',
      inter('ResourceArgs'),
    ),
    alias(
      'DataSourceArgs',
      'Argument types of every vendored data source type, by type name.',
      inter('DataSourceArgs'),
    ),
    alias(
      'ResourceAttributes',
      'Attribute and block names of every vendored resource type, by type name.',
      inter('ResourceAttributes'),
    ),
    alias(
      'DataSourceAttributes',
      'Attribute and block names of every vendored data source type, by type name.',
      inter('DataSourceAttributes'),
    ),
    `/** Provider block argument types, by provider local name. */\nexport interface ProviderArgs {\n${providerLocals
      .map((l) => `  ${l}: ${pascal(l)}ProviderArgs;`)
      .join('\n')}\n}`,
  ];
  files.set(`${OUT_DIR}/index.ts`, `${index.join('\n\n')}\n`);
  return files;
}

/** Writes the generated files, removing stale ones; returns the paths written. */
export function writeGeneratedTypes(root) {
  const files = generateTypes(root);
  const out = join(root, OUT_DIR);
  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(out))
    if (f.endsWith('.ts') && !files.has(`${OUT_DIR}/${f}`)) rmSync(join(out, f));
  for (const [path, content] of files) writeFileSync(join(root, path), content);
  return [...files.keys()];
}

function checkGeneratedTypes(root) {
  const stale = [];
  const files = generateTypes(root);
  for (const [path, content] of files) {
    const full = join(root, path);
    if (!existsSync(full) || readFileSync(full, 'utf8') !== content) stale.push(path);
  }
  for (const f of readdirSync(join(root, OUT_DIR)))
    if (!files.has(`${OUT_DIR}/${f}`)) stale.push(`${OUT_DIR}/${f}`);
  return stale;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  if (process.argv.includes('--check')) {
    const stale = checkGeneratedTypes(root);
    if (stale.length > 0) {
      console.error(`stale generated files (run node scripts/gen-tf-types.mjs):\n  ${stale.join('\n  ')}`);
      process.exit(1);
    }
  } else {
    const written = writeGeneratedTypes(root);
    console.log(`wrote ${written.length} files into ${OUT_DIR}`);
  }
}
