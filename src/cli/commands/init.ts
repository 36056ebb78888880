/**
 * `msp init`: in a folder outside any fleet (or with `--fleet [dir]`), starts a fleet
 * (platform.yaml with its placeholders, `services/`, the fleet's schema files); inside a fleet,
 * `msp init <id>` writes `services/<id>/service.yaml`. `msp init-env` appends an environment.
 * On a terminal both ask for what flags leave out, and ask again after a bad answer
 * (docs/getting-started.md).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { FLEET_PLATFORM_SCHEMA } from '../../generate/fleet-schema.ts';
import { writeFileAtomic } from '../../io/atomic.ts';
import { findFleetRoot } from '../../io/discover.ts';
import { fleetSchemaState } from '../../io/fleet-schema.ts';
import { DEFAULT_SUFFIX_LENGTH, makeProjectID } from '../../naming/project-id.ts';
import { CATEGORIES, type Category, type PlatformConfig } from '../../platform/model.ts';
import { PLATFORM_FILE, parsePlatformConfig } from '../../platform/parse.ts';
import { scaffoldPlatform } from '../../platform/scaffold.ts';
import { cronMaxInterval } from '../../spec/cron.ts';
import type { Kind } from '../../spec/model.ts';
import {
  appendEnvironment,
  defaultSchedule,
  HOURLY,
  type NewEnvironment,
  NOTION_PLACEHOLDER,
  SERVICE_MODELINE_TARGET,
  scaffoldService,
} from '../../spec/scaffold.ts';
import { resolveFleet } from '../context.ts';
import { type CliIO, EXIT, UsageError } from '../io.ts';

interface InitOptions {
  id?: string;
  /** `--fleet [dir]`: start a fleet in `dir` (true: the current folder). */
  fleet?: string | boolean;
  /** `--organization <name>` for a new fleet's platform.yaml. */
  organization?: string;
  name?: string;
  owner?: string[];
  description?: string;
  kind?: string;
  env?: string[];
  /** `--schedule <cron>`: jobs' schedule. */
  schedule?: string;
  /** `--notion-page <id>`: `service.notionPageID`. */
  notionPage?: string;
  root?: string;
  suffixLength?: string;
}

/** How many times a bad answer is asked again before the command gives up. */
const MAX_ATTEMPTS = 5;

/**
 * Asks `question` until `check` accepts the answer (an empty answer takes `dflt`). `check`
 * returns the problem in words, or undefined. Without a terminal, returns `dflt` unchecked.
 */
async function askValid(
  io: CliIO,
  question: string,
  dflt: string | undefined,
  check: (v: string) => string | undefined,
): Promise<string | undefined> {
  if (!io.prompt) return dflt;
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    const a = (await io.prompt(`${question}${dflt ? ` [${dflt}]` : ''}: `)).trim();
    const v = a === '' ? dflt : a;
    if (v === undefined) {
      io.stderr('  an answer is needed\n');
      continue;
    }
    const problem = check(v);
    if (problem === undefined) return v;
    io.stderr(`  ${problem}; try again\n`);
  }
  throw new UsageError(`no valid answer to "${question}" after ${MAX_ATTEMPTS} tries`);
}

const SERVICE_ID = /^[a-z][a-z0-9-]{2,19}$/;
const ENV_ID = /^[a-z][a-z0-9-]*$/;

function serviceIdProblem(id: string): string | undefined {
  return SERVICE_ID.test(id)
    ? undefined
    : `invalid service id "${id}": 3–20 lowercase letters, digits and hyphens, starting with a letter`;
}

function kindProblem(kind: string): string | undefined {
  return kind === 'service' || kind === 'job' ? undefined : `invalid kind "${kind}" (use service or job)`;
}

function categoryProblem(category: string): string | undefined {
  return CATEGORIES.includes(category as Category)
    ? undefined
    : `invalid category "${category}" (use test, internal or external)`;
}

function scheduleProblem(cron: string): string | undefined {
  const r = cronMaxInterval(cron);
  if ('error' in r) return `invalid cron schedule "${cron}": ${r.error}`;
  if (r.minutes === undefined) return `cron schedule "${cron}" never runs`;
  if (r.minutes < 15) return `cron schedule "${cron}" runs more often than every 15 minutes`;
  if (r.minutes >= 8 * 1440) return `cron schedule "${cron}" leaves 8 days or more between runs`;
  return undefined;
}

/** `id:category` pairs, comma-separated; `source` names where they came from (`--env`, the answer). */
function envsProblem(v: string, source: string): string | undefined {
  for (const part of v.split(',').map((x) => x.trim())) {
    const [id = '', category = 'test', extra] = part.split(':');
    if (extra !== undefined || !ENV_ID.test(id))
      return `invalid environment "${part}" in ${source}: expected <id>:<category>, e.g. dev:test`;
    if (categoryProblem(category))
      return `invalid category "${category}" in ${source} ${part} (use test, internal or external)`;
  }
  return undefined;
}

function parseEnvs(v: string): { id: string; category: Category }[] {
  return v
    .split(',')
    .map((x) => x.trim())
    .map((part) => {
      const [id = '', category = 'test'] = part.split(':');
      return { id, category: category as Category };
    });
}

/** Throws a usage error naming the flag when a flag's value is bad. */
function checkFlag(flag: string, value: string | undefined, problem: (v: string) => string | undefined) {
  if (value === undefined) return;
  const p = problem(value);
  if (p) throw new UsageError(`${flag}: ${p}`);
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
  if ('error' in r) throw new UsageError(`--project-id-suffix-length: ${r.error}`);
  return r.value;
}

/** `msp init [id] [--fleet [dir]]`: a new fleet, or a new service inside one. */
export async function runInit(opts: InitOptions, io: CliIO): Promise<number> {
  if (opts.fleet !== undefined && opts.fleet !== false) {
    if (opts.id !== undefined)
      throw new UsageError(
        'give a service id or --fleet, not both: start the fleet first (msp init --fleet), then add services (msp init <id>)',
      );
    return initFleet(resolve(io.cwd, typeof opts.fleet === 'string' ? opts.fleet : '.'), opts, io);
  }
  const inside = opts.root ? findFleetRoot(resolve(io.cwd, opts.root)) : findFleetRoot(io.cwd);
  if (!inside) {
    if (opts.id !== undefined || opts.root !== undefined)
      throw new UsageError(
        `not inside a fleet: no platform.yaml or services/ in ${opts.root ? resolve(io.cwd, opts.root) : io.cwd} or its parents. Start one here with \`msp init\` (no service id), then run \`msp init ${opts.id ?? '<id>'}\``,
      );
    return initFleet(io.cwd, opts, io);
  }
  return initService(opts, io);
}

/** Starts a fleet in `dir`: platform.yaml, services/, schema/*.schema.json. */
async function initFleet(dir: string, opts: InitOptions, io: CliIO): Promise<number> {
  const shown = (p: string) => relative(io.cwd, p) || '.';
  const platformFile = join(dir, PLATFORM_FILE);
  if (existsSync(platformFile))
    throw new UsageError(
      `${shown(platformFile)} already exists: ${shown(dir)} is a fleet already. Add a service with \`msp init <id>\`${dir === io.cwd ? '' : ` --root ${shown(dir)}`}`,
    );
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new UsageError(`--fleet: ${shown(dir)} is a file, not a folder`);
  const organization =
    opts.organization ??
    (await askValid(io, 'Organisation name (for the docs; Enter to fill in later)', 'TODO', () => undefined));
  const text = scaffoldPlatform({
    ...(organization && organization !== 'TODO' ? { organization } : {}),
    schemaRef: FLEET_PLATFORM_SCHEMA,
  });
  const parsed = parsePlatformConfig(text, PLATFORM_FILE);
  if (!parsed.value)
    throw new Error(
      `msp init wrote a platform.yaml that does not validate: ${parsed.diagnostics[0]?.message}`,
    );
  const servicesDir = join(dir, 'services');
  const hadServices = existsSync(servicesDir);
  mkdirSync(servicesDir, { recursive: true });
  writeFileAtomic(platformFile, text);
  const schemas = fleetSchemaState(dir, parsed.value);
  schemas.write();
  const todo = parsed.value.placeholders.length;
  const existing = hadServices ? readdirSync(servicesDir).filter((n) => !n.startsWith('.')).length : 0;
  io.stdout(
    [
      `Started a fleet in ${shown(dir)}:`,
      `  ${shown(platformFile).padEnd(34)} organisation settings: ${todo} values to fill in (marked TODO or placeholder)`,
      `  ${`${shown(servicesDir)}/`.padEnd(34)} ${existing > 0 ? `${existing} existing folder${existing === 1 ? '' : 's'} kept` : 'one folder per service'}`,
      ...schemas.files.map(
        (f) =>
          `  ${shown(join(dir, ...f.path.split('/'))).padEnd(34)} JSON Schema for editors (the modelines point here)`,
      ),
      'Next:',
      `  ${`${dir === io.cwd ? '' : `cd ${shown(dir)} && `}msp init <service-id>`.padEnd(34)} add a service`,
      `  ${'msp validate'.padEnd(34)} lists every value still to fill in`,
      `  ${'msp generate --all'.padEnd(34)} once they are filled in`,
      '',
    ].join('\n'),
  );
  return EXIT.OK;
}

/** `msp init <id>` inside a fleet: writes services/<id>/service.yaml. */
async function initService(opts: InitOptions, io: CliIO): Promise<number> {
  const ctx = resolveFleet(io, opts, true);
  const root = ctx.fleet!.root;
  checkFlag('--kind', opts.kind, kindProblem);
  checkFlag('--schedule', opts.schedule, scheduleProblem);
  for (const e of opts.env ?? []) checkFlag('--env', e, (v) => envsProblem(v, '--env'));
  const len = suffixLength(opts.suffixLength);
  if (opts.id !== undefined) checkFlag('service id', opts.id, serviceIdProblem);
  const id =
    opts.id ?? (await askValid(io, 'Service id (lowercase, digits, hyphens)', undefined, serviceIdProblem));
  if (!id)
    throw new UsageError(
      `a service id is required: msp init <id> (${relative(io.cwd, root) || 'this folder'} is a fleet already)`,
    );
  const file = join(root, 'services', id, 'service.yaml');
  if (existsSync(file)) throw new UsageError(`${relative(io.cwd, file)} already exists`);
  const owners = opts.owner?.length
    ? opts.owner
    : (
        (await askValid(io, 'Owning team', 'TODO-team', (v) =>
          v.split(',').some((o) => !o.trim()) ? 'an owner is empty' : undefined,
        )) ?? 'TODO-team'
      )
        .split(',')
        .map((s) => s.trim());
  const description =
    opts.description ??
    (await askValid(io, 'Description', 'TODO', (v) => (v.trim() ? undefined : 'a description is needed'))) ??
    'TODO';
  const kind = (opts.kind ??
    (await askValid(io, 'Kind (service or job)', 'service', kindProblem)) ??
    'service') as Kind;
  const envText = opts.env?.length
    ? opts.env.join(',')
    : ((await askValid(io, 'Environments (id:category, comma-separated)', 'dev:test', (v) =>
        envsProblem(v, 'the answer'),
      )) ?? 'dev:test');
  const envs = parseEnvs(envText);
  const seen = new Set<string>();
  for (const e of envs) {
    if (seen.has(e.id))
      throw new UsageError(
        `${opts.env?.length ? '--env' : 'environments'}: environment "${e.id}" is given twice`,
      );
    seen.add(e.id);
  }
  const schedule = kind === 'job' ? await jobSchedule(id, opts.schedule, io) : undefined;
  const needsNotion = envs.some((e) => e.category !== 'test');
  const notionPageID =
    opts.notionPage ??
    (needsNotion
      ? await askValid(
          io,
          'Notion page ID of the service (internal and external environments need one)',
          NOTION_PLACEHOLDER,
          notionProblem,
        )
      : undefined);
  if (opts.notionPage !== undefined) checkFlag('--notion-page', opts.notionPage, notionProblem);
  const environments: NewEnvironment[] = envs.map((e) => ({
    ...e,
    projectID: newProjectID(id, e.id, len),
    ...(schedule ? { schedule: schedule.cron } : {}),
  }));
  const text = scaffoldService({
    id,
    ...(opts.name ? { name: opts.name } : {}),
    owners,
    description,
    kind,
    environments,
    schemaRef: SERVICE_MODELINE_TARGET,
    ...(notionPageID !== undefined ? { notionPageID } : {}),
  });
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(file, text);
  io.stdout(
    `Created ${relative(io.cwd, file)} with environments ${environments.map((e) => `${e.id} (${e.projectID})`).join(', ')}\n`,
  );
  if (schedule) io.stdout(`Schedule: ${schedule.cron} (${schedule.why}); change it under schedule.cron\n`);
  refreshFleetSchema(root, ctx.platform, io);
  io.stdout('Next: fill in the TODOs, then run `msp validate` and `msp generate`.\n');
  return EXIT.OK;
}

function notionProblem(v: string): string | undefined {
  if (v.includes('.notion.') || v.includes('/') || v.includes('?'))
    return `"${v}" looks like a URL: give the page ID (the 32 hex characters at the end of the page's URL)`;
  return v.trim() ? undefined : 'the page ID is empty';
}

/** A job's schedule: the flag, else what its name implies, else asked (hourly without a terminal). */
async function jobSchedule(
  id: string,
  flag: string | undefined,
  io: CliIO,
): Promise<{ cron: string; why: string }> {
  if (flag !== undefined) return { cron: flag, why: 'from --schedule' };
  const implied = defaultSchedule(id);
  if (implied) return { cron: implied.cron, why: `${implied.why}, from the name "${id}"` };
  const cron = await askValid(io, 'Schedule (5-field cron, UTC)', HOURLY, scheduleProblem);
  return cron === HOURLY || cron === undefined
    ? { cron: HOURLY, why: 'every hour, the default' }
    : { cron, why: 'as answered' };
}

/** Writes the fleet's schema files when missing or stale, so new modelines resolve. */
function refreshFleetSchema(root: string, platform: PlatformConfig | undefined, io: CliIO): void {
  if (!platform) return;
  const state = fleetSchemaState(root, platform);
  if (state.stale.length === 0) return;
  state.write();
  io.stdout(`Wrote ${state.stale.join(', ')} (the schema the modelines point at)\n`);
}

/** `msp init-env <service> <env>`: appends an environment, keeping comments and formatting. */
export async function runInitEnv(
  opts: {
    service: string;
    env: string;
    category?: string;
    notionPage?: string;
    root?: string;
    suffixLength?: string;
  },
  io: CliIO,
): Promise<number> {
  const ctx = resolveFleet(io, opts, true);
  const file = join(ctx.fleet!.root, 'services', opts.service, 'service.yaml');
  if (!existsSync(file))
    throw new UsageError(`service "${opts.service}" not found (${relative(io.cwd, file)} does not exist)`);
  if (!ENV_ID.test(opts.env))
    throw new UsageError(
      `invalid environment id "${opts.env}": lowercase letters, digits and hyphens, starting with a letter`,
    );
  checkFlag('--category', opts.category, categoryProblem);
  if (opts.notionPage !== undefined) checkFlag('--notion-page', opts.notionPage, notionProblem);
  const category = (opts.category ?? 'test') as Category;
  const text = readFileSync(file, 'utf8');
  const kind: Kind = /^\s*kind:\s*job\s*$/m.test(text) ? 'job' : 'service';
  // A new environment of a job runs on the schedule the job already has.
  const cron = /^\s*cron:\s*["']?([^"'#\n]+?)["']?\s*(#.*)?$/m.exec(text)?.[1];
  // On a terminal, ask for the Notion page the category needs when the spec has none.
  const notionPage =
    opts.notionPage ??
    (category !== 'test' && !/^\s+notionPageID:\s*\S/m.test(text)
      ? await askValid(
          io,
          `Notion page ID of the service (${category} environments need one)`,
          NOTION_PLACEHOLDER,
          notionProblem,
        )
      : undefined);
  const r = appendEnvironment(
    text,
    {
      id: opts.env,
      category,
      projectID: newProjectID(opts.service, opts.env, suffixLength(opts.suffixLength)),
      ...(kind === 'job' ? { schedule: cron ?? defaultSchedule(opts.service)?.cron ?? HOURLY } : {}),
    },
    kind,
    notionPage !== undefined ? { notionPageID: notionPage } : {},
  );
  if ('error' in r) {
    io.stderr(`${relative(io.cwd, file)}: error: ${r.error}\n`);
    return EXIT.INVALID;
  }
  writeFileAtomic(file, r.text);
  io.stdout(`Added environment ${opts.env} (${category}) to ${relative(io.cwd, file)}\n`);
  if (r.added.includes('service.notionPageID'))
    io.stdout(
      notionPage !== undefined && notionPage !== NOTION_PLACEHOLDER
        ? `Set service.notionPageID: ${category} environments need one\n`
        : `Added service.notionPageID: ${NOTION_PLACEHOLDER}: ${category} environments need one; \`msp validate\` lists it until you fill it in (or pass --notion-page)\n`,
    );
  return EXIT.OK;
}
