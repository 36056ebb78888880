import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { writeFileAtomic } from '../../io/atomic.ts';
import { DEFAULT_SUFFIX_LENGTH, makeProjectID } from '../../naming/project-id.ts';
import { CATEGORIES, type Category } from '../../platform/model.ts';
import type { Kind } from '../../spec/model.ts';
import { appendEnvironment, type NewEnvironment, scaffoldService } from '../../spec/scaffold.ts';
import { resolveFleet } from '../context.ts';
import { type CliIO, EXIT, UsageError } from '../io.ts';

export interface InitOptions {
  id?: string;
  name?: string;
  owner?: string[];
  description?: string;
  kind?: string;
  env?: string[];
  root?: string;
  suffixLength?: string;
}

function parseEnvFlag(v: string): { id: string; category: Category } {
  const [id, category = 'test'] = v.split(':');
  if (!id || !/^[a-z][a-z0-9-]*$/.test(id))
    throw new UsageError(`invalid environment id "${id ?? ''}" in --env ${v}`);
  if (!CATEGORIES.includes(category as Category))
    throw new UsageError(`invalid category "${category}" in --env ${v} (use test, internal or external)`);
  return { id, category: category as Category };
}

function suffixLength(v: string | undefined): number {
  if (v === undefined) return DEFAULT_SUFFIX_LENGTH;
  const n = Number(v);
  if (!Number.isInteger(n))
    throw new UsageError(`--project-id-suffix-length must be a whole number, got "${v}"`);
  return n;
}

function newProjectID(service: string, env: string, len: number): string {
  const r = makeProjectID(service, env, randomBytes(Math.ceil(len / 2) + 1), len);
  if ('error' in r) throw new UsageError(r.error);
  return r.value;
}

/** `msp init [id]`: writes services/<id>/service.yaml, asking for what flags leave out on a terminal. */
export async function runInit(opts: InitOptions, io: CliIO): Promise<number> {
  const ctx = resolveFleet(io, opts, true);
  const root = ctx.fleet!.root;
  const ask = async (q: string, dflt?: string): Promise<string | undefined> => {
    if (!io.prompt) return dflt;
    const a = (await io.prompt(`${q}${dflt ? ` [${dflt}]` : ''}: `)).trim();
    return a === '' ? dflt : a;
  };
  const id = opts.id ?? (await ask('Service id (lowercase, digits, hyphens)'));
  if (!id) throw new UsageError('a service id is required: msp init <id>');
  if (!/^[a-z][a-z0-9-]{2,19}$/.test(id))
    throw new UsageError(
      `invalid service id "${id}": 3–20 lowercase letters, digits and hyphens, starting with a letter`,
    );
  const file = join(root, 'services', id, 'service.yaml');
  if (existsSync(file)) throw new UsageError(`${relative(io.cwd, file)} already exists`);
  const owners = opts.owner?.length
    ? opts.owner
    : ((await ask('Owning team', 'TODO-team')) ?? 'TODO-team').split(',').map((s) => s.trim());
  const description = opts.description ?? (await ask('Description', 'TODO')) ?? 'TODO';
  const kind = (opts.kind ?? (await ask('Kind (service or job)', 'service')) ?? 'service') as Kind;
  if (kind !== 'service' && kind !== 'job')
    throw new UsageError(`invalid kind "${kind}" (use service or job)`);
  const len = suffixLength(opts.suffixLength);
  const envFlags = opts.env?.length
    ? opts.env
    : [(await ask('Environments (id:category, comma-separated)', 'dev:test')) ?? 'dev:test'];
  const envs: NewEnvironment[] = envFlags
    .flatMap((v) => v.split(','))
    .map((v) => parseEnvFlag(v.trim()))
    .map((e) => ({ ...e, projectID: newProjectID(id, e.id, len) }));
  const schemaRef =
    relative(dirname(file), join(root, 'docs', 'schema', 'service.schema.json')) || 'service.schema.json';
  const text = scaffoldService({
    id,
    ...(opts.name ? { name: opts.name } : {}),
    owners,
    description,
    kind,
    environments: envs,
    schemaRef,
  });
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(file, text);
  io.stdout(
    `Created ${relative(io.cwd, file)} with environments ${envs.map((e) => `${e.id} (${e.projectID})`).join(', ')}\n`,
  );
  io.stdout('Next: fill in the TODOs, then run `msp validate` and `msp generate`.\n');
  return EXIT.OK;
}

/** `msp init-env <service> <env>`: appends an environment, keeping comments and formatting. */
export async function runInitEnv(
  opts: { service: string; env: string; category?: string; root?: string; suffixLength?: string },
  io: CliIO,
): Promise<number> {
  const ctx = resolveFleet(io, opts, true);
  const file = join(ctx.fleet!.root, 'services', opts.service, 'service.yaml');
  if (!existsSync(file))
    throw new UsageError(`service "${opts.service}" not found (${relative(io.cwd, file)} does not exist)`);
  const { id, category } = parseEnvFlag(`${opts.env}:${opts.category ?? 'test'}`);
  const text = readFileSync(file, 'utf8');
  const kind: Kind = /^\s*kind:\s*job\s*$/m.test(text) ? 'job' : 'service';
  const r = appendEnvironment(
    text,
    { id, category, projectID: newProjectID(opts.service, id, suffixLength(opts.suffixLength)) },
    kind,
  );
  if ('error' in r) {
    io.stderr(`${relative(io.cwd, file)}: error: ${r.error}\n`);
    return EXIT.INVALID;
  }
  writeFileAtomic(file, r.text);
  io.stdout(`Added environment ${id} (${category}) to ${relative(io.cwd, file)}\n`);
  return EXIT.OK;
}
