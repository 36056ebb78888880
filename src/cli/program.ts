/**
 * The command table. Each command lives in `commands/<name>.ts`, exports `run<Name>(opts, io)`
 * and returns an exit code; modules are imported lazily so `msp validate` starts fast.
 */
import { Command, CommanderError } from 'commander';
import { fsErrorDiagnostic, isFsError } from '../io/errors.ts';
import { checkId } from './ids.ts';
import { type CliIO, EXIT, UsageError } from './io.ts';
import { printDiagnostics } from './output.ts';
import { VERSION } from './version.ts';

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** Exit codes as each command's help states them (see `EXIT` in io.ts). */
const EXIT_CODES: Record<string, string> = {
  check: '0 valid / up to date, 1 problems found (or stale with --check), 2 usage error, 3 internal error',
  plain: '0 done, 1 problems found in the input, 2 usage error, 3 internal error',
};

/** Examples shown at the end of each command's help, keyed by command path. */
const EXAMPLES: Record<string, string[]> = {
  validate: [
    'msp validate                       # the whole fleet (inside a fleet)',
    'msp validate services/api/service.yaml --format json',
  ],
  schema: [
    'msp schema > service.schema.json',
    'msp schema --platform',
    "msp schema --write   # the fleet's schema/",
  ],
  init: [
    'msp init                           # in an empty folder: a new fleet',
    'msp init --fleet acme-fleet        # a new fleet in ./acme-fleet',
    'msp init api --owner core --env dev:test --env prod:internal',
    'msp init nightly-sync --kind job   # runs at 03:00 UTC: the name says nightly',
  ],
  'init-env': ['msp init-env api staging --category internal --notion-page 0123456789abcdef0123456789abcdef'],
  generate: [
    'msp generate --all',
    'msp generate api prod --dry-run',
    'msp generate --all --check     # in CI',
  ],
  'resolve-images': [
    'msp resolve-images --all && msp generate --all   # scheduled CI: pin what the tags point at',
    'msp resolve-images --all --check                 # exit 1 when a tag moved',
    'MSP_REGISTRY_TOKEN="$(gcloud auth print-access-token)" msp resolve-images api',
  ],
  rollout: ['msp rollout api --tag 1.4.2'],
  ops: ['msp ops api --print'],
  docs: ['msp docs', 'msp docs --check', 'msp docs --html site --open'],
  fleet: ['msp fleet --format json'],
  logs: ['msp logs api prod --open'],
  'pg connect': ['msp pg connect api prod --print'],
  'tfc view': ['msp tfc view api prod'],
  lsp: ['msp lsp --stdio                  # started by the editor (docs/editor.md)'],
};

/** Adds "Examples" and "Exit codes" to a command's help text. */
function withHelpFooter(cmd: Command, name: string, exit: keyof typeof EXIT_CODES = 'plain'): Command {
  const ex = EXAMPLES[name] ?? [];
  return cmd.addHelpText(
    'after',
    `\nExamples:\n${ex.map((e) => `  $ ${e}`).join('\n')}\n\nExit codes: ${EXIT_CODES[exit]}\n`,
  );
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let code: number = EXIT.OK;
  const program = new Command('msp')
    .description('Managed services platform: validate service.yaml, generate Terraform, docs and more')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)')
    .option('--verbose', "also print MSP's (upstream) wording of each rule")
    .hook('preAction', (_this, action) => {
      io.verbose = !!(program.opts().verbose || action.opts().verbose);
    });

  const rootOpt = ['--root <dir>', 'fleet root (default: walk up from the current directory)'] as const;
  const platformOpt = [
    '--platform <file>',
    'platform config (default: <root>/platform.yaml, else built-in defaults)',
  ] as const;

  program
    .command('validate')
    .description('validate service specs (and the platform config)')
    .argument('[files...]', 'service.yaml files')
    .option('--all', 'validate every services/*/service.yaml of the fleet')
    .option(...rootOpt)
    .option(...platformOpt)
    .option('--format <format>', 'text or json', 'text')
    .action(async (files: string[], o) => {
      const { runValidate } = await import('./commands/validate.ts');
      code = await runValidate({ files, ...o }, io);
    });

  program
    .command('schema')
    .description(
      "print the draft-07 JSON Schema of service.yaml, or write the fleet's schema files (--write)",
    )
    .option('--platform', 'print the schema of the platform config instead')
    .option(
      '--write',
      "write the fleet's schema/service.schema.json and schema/platform.schema.json (narrowed to platform.yaml)",
    )
    .option('--check', "exit 1 when the fleet's schema files are stale")
    .option(...rootOpt)
    .action(async (o) => {
      const { runSchema } = await import('./commands/schema.ts');
      code = await runSchema(o, io);
    });

  program
    .command('init')
    .description(
      'start a fleet (outside one, or with --fleet), or create services/<id>/service.yaml inside one (asks for what flags leave out, on a terminal)',
    )
    .argument('[id]', 'service id')
    .option('--fleet [dir]', 'start a fleet in <dir> (default: here): platform.yaml, services/, schema/')
    .option('--organization <name>', "new fleet: the organisation's name in platform.yaml")
    .option('--name <name>', 'display name')
    .option('--owner <team>', 'owning team (repeatable)', collect)
    .option('--description <text>', 'what the service does')
    .option('--kind <kind>', 'service or job')
    .option('--env <id:category>', 'environment to create, e.g. dev:test (repeatable)', collect)
    .option(
      '--schedule <cron>',
      "jobs: 5-field cron schedule (default: what the job's name implies, else asked, else hourly)",
    )
    .option('--notion-page <id>', 'service.notionPageID (internal and external environments need one)')
    .option('--project-id-suffix-length <n>', 'hex characters in project ID suffixes', '4')
    .option(...rootOpt)
    .action(async (id: string | undefined, o) => {
      if (id !== undefined) checkId('service', id);
      const { runInit } = await import('./commands/init.ts');
      code = await runInit({ ...(id ? { id } : {}), ...o, suffixLength: o.projectIdSuffixLength }, io);
    });

  program
    .command('init-env')
    .description('append an environment to a service, keeping comments and formatting')
    .argument('<service>', 'service id')
    .argument('<env>', 'environment id')
    .option('--category <category>', 'test, internal or external', 'test')
    .option(
      '--notion-page <id>',
      'service.notionPageID, when an internal/external environment needs one and the spec has none',
    )
    .option('--project-id-suffix-length <n>', 'hex characters in the project ID suffix', '4')
    .option(...rootOpt)
    .action(async (service: string, env: string, o) => {
      checkId('service', service);
      checkId('environment', env);
      const { runInitEnv } = await import('./commands/init.ts');
      code = await runInitEnv({ service, env, ...o, suffixLength: o.projectIdSuffixLength }, io);
    });

  program
    .command('generate')
    .description('generate Terraform for a service (or --all) into services/<id>/terraform/')
    .argument('[service]', 'service id')
    .argument('[env]', 'only this environment')
    .option('--all', 'every service of the fleet')
    .option('--check', 'regenerate in memory; print a diff of stale files and exit 1 if any (for CI)')
    .option('--dry-run', 'list the files that would change, write nothing')
    .option('--force', 'regenerate even when the inputs are unchanged')
    .option(
      '--category <category>',
      'only environments of this category (test, internal, external; repeatable): staged upgrades; with --check, a per-category report',
      collect,
    )
    .option(
      '--allow-placeholders',
      'write Terraform although built-in placeholder values or TODOs are in use (demo fleets only)',
    )
    .option(...rootOpt)
    .option(...platformOpt)
    .action(async (service: string | undefined, env: string | undefined, o) => {
      if (service !== undefined) checkId('service', service);
      if (env !== undefined) checkId('environment', env);
      const { runGenerate } = await import('./commands/generate.ts');
      code = await runGenerate({ ...(service ? { service } : {}), ...(env ? { env } : {}), ...o }, io);
    });

  program
    .command('resolve-images')
    .description(
      'resolve the tag of every subscription environment to its image digest and write services/<id>/images.lock.yaml',
    )
    .argument('[services...]', 'service ids')
    .option('--all', 'every service of the fleet')
    .option(
      '--check',
      'write nothing; print what moved and exit 1 if a lock file is behind (for scheduled CI)',
    )
    .option('--verify', 'always fetch each manifest and check its digest by hashing it')
    .option('--timeout <seconds>', 'bound of each registry request', '30')
    .option(...rootOpt)
    .option(...platformOpt)
    .action(async (services: string[], o) => {
      for (const id of services) checkId('service', id);
      const { runResolveImages } = await import('./commands/resolve-images.ts');
      code = await runResolveImages({ services, ...o }, io);
    });

  program
    .command('rollout')
    .description(
      'print how to cut a Cloud Deploy release of a service: the gcloud command, stages, console links',
    )
    .argument('<service>', 'service id')
    .option(
      '--tag <tag>',
      'image tag or sha256:<digest> to release (default: an IMAGE_TAG placeholder in the command)',
    )
    .option('--release <name>', 'release name (default: deploy-<tag>)')
    .option('--format <format>', 'text or json', 'text')
    .option(...rootOpt)
    .option(...platformOpt)
    .action(async (service: string, o) => {
      checkId('service', service);
      const { runRollout } = await import('./commands/rollout.ts');
      code = await runRollout({ service, ...o }, io);
    });

  program
    .command('apply-order')
    .description(
      'print the order in which the stacks of every environment are applied, and the run triggers that enforce it',
    )
    .argument('<service>', 'service id')
    .option('--format <format>', 'text, json or mermaid', 'text')
    .option(...rootOpt)
    .option(...platformOpt)
    .action(async (service: string, o) => {
      const { runApplyOrder } = await import('./commands/apply-order.ts');
      code = await runApplyOrder({ service, ...o }, io);
    });

  program
    .command('ops')
    .description('write (or print or check) the operations page services/<id>/docs/operations.md')
    .argument('<service>', 'service id')
    .option('--print', 'print the page instead of writing it')
    .option('--check', 'exit 1 when the committed page is stale')
    .option('--revision <rev>', 'git revision for the generation note, or auto')
    .option(...rootOpt)
    .option(...platformOpt)
    .action(async (service: string, o) => {
      checkId('service', service);
      const { runOps } = await import('./commands/ops.ts');
      code = await runOps({ service, ...o }, io);
    });

  program
    .command('docs')
    .description('write every operations page and docs/services.md, or the static HTML catalog')
    .option('--check', 'exit 1 when committed docs are stale')
    .option('--html <dir>', 'write the searchable HTML catalog into <dir>')
    .option(
      '--open',
      'then open the catalog (or the fleet index) in a browser; without one, print what to open',
    )
    .option('--revision <rev>', 'git revision for the generation note, or auto')
    .option(...rootOpt)
    .option(...platformOpt)
    .action(async (o) => {
      const { runDocs } = await import('./commands/docs.ts');
      code = await runDocs(o, io);
    });

  program
    .command('fleet')
    .description('summary table of every service (owners, categories, environments)')
    .option('--format <format>', 'text or json', 'text')
    .option(...rootOpt)
    .option(...platformOpt)
    .action(async (o) => {
      const { runFleet } = await import('./commands/fleet.ts');
      code = await runFleet(o, io);
    });

  program
    .command('logs')
    .description('print the Logs Explorer link of an environment')
    .argument('<service>', 'service id')
    .argument('<env>', 'environment id')
    .option('--open', 'open it in a browser when one is available')
    .option(...rootOpt)
    .option(...platformOpt)
    .action(async (service: string, env: string, o) => {
      checkId('service', service);
      checkId('environment', env);
      const { runLogs } = await import('./commands/logs.ts');
      code = await runLogs({ service, env, ...o }, io);
    });

  const pg = program.command('pg').description('PostgreSQL (Cloud SQL) access');
  pg.command('connect')
    .description('run (or print) the Cloud SQL proxy as the operator account and the psql command')
    .argument('<service>', 'service id')
    .argument('<env>', 'environment id')
    .option('--write-access', 'connect as the workload identity (read-write) instead of operator access')
    .option('--port <n>', 'local port', '5433')
    .option('--connection-name <project:region:instance>', 'skip the gcloud lookup of the instance')
    .option('--print', 'print the commands instead of running them')
    .option(...rootOpt)
    .option(...platformOpt)
    .action(async (service: string, env: string, o) => {
      checkId('service', service);
      checkId('environment', env);
      const { runPgConnect } = await import('./commands/pg.ts');
      code = await runPgConnect({ service, env, ...o }, io);
    });

  program
    .command('bootstrap')
    .description(
      'print the ordered steps from platform.yaml to the first applied service, and which are done as far as the files tell',
    )
    .option('--format <format>', 'text or json', 'text')
    .option(...rootOpt)
    .option(...platformOpt)
    .action(async (o) => {
      const { runBootstrap } = await import('./commands/bootstrap.ts');
      code = await runBootstrap(o, io);
    });

  const tfc = program.command('tfc').description('Terraform Cloud');
  tfc
    .command('view')
    .description(
      'print the Terraform Cloud workspace and team links of a service or environment (no service: the platform)',
    )
    .argument('[service]', 'service id')
    .argument('[env]', 'environment id')
    .option('--open', 'open it in a browser when one is available')
    .option(...rootOpt)
    .option(...platformOpt)
    .action(async (service: string | undefined, env: string | undefined, o) => {
      if (service !== undefined) checkId('service', service);
      if (env !== undefined) checkId('environment', env);
      const { runTfcView } = await import('./commands/tfc.ts');
      code = await runTfcView({ ...(service ? { service } : {}), ...(env ? { env } : {}), ...o }, io);
    });

  addLspCommand(program, io);

  const checks = new Set(['validate', 'generate', 'ops', 'docs', 'schema', 'resolve-images']);
  for (const c of program.commands) {
    if (c.commands.length === 0) withHelpFooter(c, c.name(), checks.has(c.name()) ? 'check' : 'plain');
    for (const sub of c.commands) withHelpFooter(sub, `${c.name()} ${sub.name()}`);
  }
  // `msp` alone asks for help: print it to stdout and succeed, like `msp --help`.
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.OK;
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        return EXIT.OK;
      return EXIT.USAGE;
    }
    if (e instanceof UsageError) {
      io.stderr(`msp: ${e.message}\n`);
      return EXIT.USAGE;
    }
    // Disk full, read-only file system, no permission: the path and the cause, never a stack.
    if (isFsError(e)) {
      printDiagnostics(io, [fsErrorDiagnostic(e, io.cwd)], {});
      return EXIT.INVALID;
    }
    throw e;
  }
  return code;
}

/** `msp lsp`: the language server, talking LSP over stdin/stdout until the editor says exit. */
function addLspCommand(program: Command, io: CliIO): void {
  program
    .command('lsp')
    .description(
      "run the language server (LSP over stdio) that editors start: the CLI's diagnostics as you type",
    )
    .option('--stdio', 'talk over stdin/stdout (the default and only transport)')
    .option('--clientProcessId <pid>', 'exit when this process (the editor) is gone')
    .action(async (o: { clientProcessId?: string }) => {
      const { runLsp } = await import('./commands/lsp.ts');
      await runLsp(o, io);
    });
}
