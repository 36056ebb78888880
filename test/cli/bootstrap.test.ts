import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bootstrapSteps, type FleetState } from '../../src/bootstrap/steps.ts';
import { cli, copyExamples, EXAMPLES } from '../support/cli.ts';
import { examplePlatform } from '../support/examples.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const GUIDE = readFileSync(join(ROOT, 'docs', 'bootstrap.md'), 'utf8');

/** Lines of the guide's code blocks and inline code that run msp / terraform. */
function guideCommands(tool: string): string[] {
  const out: string[] = [];
  const blocks = GUIDE.match(/```sh\n[\s\S]*?```/g) ?? [];
  for (const b of blocks)
    for (const line of b.split('\n').slice(1, -1)) {
      const c = line.replace(/#.*$/, '').trim();
      for (const part of c.split('&&').map((p) => p.trim())) if (part.startsWith(`${tool} `)) out.push(part);
    }
  for (const m of GUIDE.matchAll(/`([^`\n]+)`/g)) if (m[1]!.startsWith(`${tool} `)) out.push(m[1]!);
  return [...new Set(out)];
}

const state = (over: Partial<FleetState> = {}): FleetState => ({
  hasPlatformFile: true,
  platform: examplePlatform(),
  platformErrors: 0,
  placeholders: [],
  services: ['acme-api'],
  ownersWithoutTeam: [],
  platformOutput: 'current',
  servicesBehind: [],
  initialised: { gcp: false, tfc: false },
  ...over,
});

describe('docs/bootstrap.md', () => {
  test('every msp command it names exists, with the options it uses', async () => {
    const commands = guideCommands('msp');
    assert.ok(commands.length >= 6, commands.join('\n'));
    const stepCommands = bootstrapSteps(state())
      .flatMap((s) => s.actions)
      .filter((a) => a.startsWith('$ msp '))
      .map((a) => a.slice(2));
    for (const c of [...commands, ...stepCommands]) {
      const words = c.split(/\s+/).slice(1);
      const sub: string[] = [];
      for (const w of words) {
        if (w.startsWith('-') || w.startsWith('<') || w === '>') break;
        sub.push(w);
        if (sub[0] !== 'tfc' && sub[0] !== 'pg') break;
        if (sub.length === 2) break;
      }
      const help = await cli([...sub, '--help'], ROOT);
      assert.equal(help.code, 0, `msp ${sub.join(' ')} does not exist (from "${c}")`);
      assert.match(help.stdout, new RegExp(`^Usage: msp ${sub.join(' ')}`, 'm'), c);
      for (const flag of c.match(/--[a-z-]+/g) ?? [])
        assert.ok(help.stdout.includes(flag), `msp ${sub.join(' ')} has no ${flag} (from "${c}")`);
    }
  });

  test('the Terraform addresses and folders it names exist in the example platform output', () => {
    const imports = guideCommands('terraform').filter((c) => c.startsWith('terraform import '));
    assert.ok(imports.length >= 2);
    const stacks = ['gcp', 'tfc'].map((s) =>
      JSON.parse(readFileSync(join(EXAMPLES, 'platform', 'terraform', 'stacks', s, 'main.tf.json'), 'utf8')),
    );
    for (const c of imports) {
      const addr = c.split(/\s+/)[2]!;
      const [type, name] = addr.split('.');
      if (name!.includes('<')) {
        assert.ok(
          stacks.some((d) => d.resource?.[type!]),
          `${type} is declared (${c})`,
        );
        continue;
      }
      assert.ok(
        stacks.some((d) => d.resource?.[type!]?.[name!]),
        `${addr} is declared (${c})`,
      );
    }
    for (const m of GUIDE.matchAll(/platform\/terraform\/stacks\/([a-z]+)/g))
      assert.ok(
        readFileSync(join(EXAMPLES, 'platform', 'terraform', 'stacks', m[1]!, 'main.tf.json')),
        `${m[0]} exists`,
      );
    for (const w of ['msp-platform-tfc', 'msp-platform-gcp'])
      assert.ok(
        readFileSync(
          join(EXAMPLES, 'platform', 'terraform', 'stacks', 'tfc', 'main.tf.json'),
          'utf8',
        ).includes(`"${w}"`),
      );
  });

  test('it walks the same steps, in the same order, as msp bootstrap', () => {
    const headings = [...GUIDE.matchAll(/^## (\d+)\. (.+)$/gm)].map((m) => `${m[1]}. ${m[2]}`);
    const steps = bootstrapSteps(state()).map((s, i) => `${i + 1}. ${s.title}`);
    assert.deepEqual(headings, steps);
  });
});

describe('msp bootstrap', () => {
  let fleet: ReturnType<typeof copyExamples>;
  before(() => {
    fleet = copyExamples();
  });
  after(() => fleet.cleanup());

  test('says what is done as far as the files tell, and is the same when run again', async () => {
    const a = await cli(['bootstrap', '--root', fleet.dir], ROOT);
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stdout, /^\[done\] 4\. Generate the platform output and the services$/m);
    assert.match(a.stdout, /^\[todo\] 6\. Apply the tfc stack from your machine$/m);
    assert.match(a.stdout, /\$ terraform import tfe_workspace\.platform_tfc acme\/msp-platform-tfc/);
    assert.match(a.stdout, /calls no cloud API/);
    const b = await cli(['bootstrap', '--root', fleet.dir], ROOT);
    assert.equal(b.stdout, a.stdout);
  });

  test('follows the fleet: missing platform output, unmapped owners, an initialised stack', async () => {
    rmSync(join(fleet.dir, 'platform', 'terraform'), { recursive: true });
    mkdirSync(join(fleet.dir, 'platform', 'terraform', 'stacks', 'tfc', '.terraform'), { recursive: true });
    const r = await cli(['bootstrap', '--root', fleet.dir, '--format', 'json'], ROOT);
    assert.equal(r.code, 0, r.stderr);
    const steps = JSON.parse(r.stdout).steps as { id: string; status: string; why: string }[];
    const byId = Object.fromEntries(steps.map((s) => [s.id, s]));
    assert.equal(byId.generate!.status, 'todo');
    assert.equal(byId.generate!.why, 'platform/terraform/ does not exist');
    assert.equal(byId['apply-tfc']!.status, 'unknown');
    assert.equal(byId['tfc-token']!.status, 'unknown');

    const s = bootstrapSteps(
      state({ ownersWithoutTeam: ['data-team'], placeholders: ['gcp.billingAccount'] }),
    );
    assert.equal(s.find((x) => x.id === 'teams')!.status, 'todo');
    assert.match(s.find((x) => x.id === 'teams')!.why, /data-team/);
    assert.equal(s.find((x) => x.id === 'config')!.status, 'todo');
    assert.match(s.find((x) => x.id === 'config')!.why, /gcp\.billingAccount/);
  });

  test('in a new fleet without platform.yaml, the first step is to write it', async () => {
    const dir = join(fleet.dir, 'new-fleet');
    mkdirSync(join(dir, 'services'), { recursive: true });
    const r = await cli(['bootstrap', '--format', 'json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const steps = JSON.parse(r.stdout).steps as { id: string; status: string; why: string }[];
    assert.deepEqual(steps[0], {
      ...steps[0],
      id: 'config',
      status: 'todo',
      why: 'there is no platform.yaml at the fleet root',
    });
    assert.equal(steps.find((s) => s.id === 'generate')!.why, 'platform/terraform/ does not exist');
  });
});
