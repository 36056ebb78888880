import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  codes,
  exampleCloudRunStack,
  exampleCloudRunStackCount,
  newStack,
  TEST_HEADER,
} from '../../test/support/terraform.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { checkStack, checkTerraformJson } from './check.ts';
import { interpolate, rawExpr } from './expr.ts';
import { renderStack } from './render.ts';
import { indexSchemas, type ProviderSchema } from './schema.ts';
import { createStack } from './stack.ts';

/** The one diagnostic with `code`; fails when there is not exactly one. */
function only(diags: readonly Diagnostic[], code: string): Diagnostic {
  const found = diags.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(diags, null, 2)}`);
  return found[0]!;
}

// Bodies below are deliberately wrong; `as never` gets them past the generated types.

describe('checkStack: valid stacks', () => {
  it('accepts a realistic Cloud Run stack with nested template, containers, env and volumes', () => {
    assert.deepEqual(checkStack(exampleCloudRunStack(0)), []);
  });

  it('accepts an empty stack and builtin types', () => {
    const s = newStack();
    const d = s.resource('terraform_data', 'marker', { input: { any: ['thing'] } });
    s.output('o', { value: d.ref('output') });
    assert.deepEqual(checkStack(s), []);
  });

  it('accepts block lists written as one object, and nested attributes (cloudflare 5)', () => {
    const s = newStack();
    s.resource('google_secret_manager_secret', 's', { secret_id: 'X', replication: { auto: {} } as never });
    s.resource('cloudflare_dns_record', 'r', {
      zone_id: 'z',
      name: 'n',
      type: 'CAA',
      ttl: 1,
      data: { flags: 0, tag: 'issue', value: 'letsencrypt.org' },
      settings: { ipv4_only: true },
    });
    assert.deepEqual(checkStack(s), []);
  });
});

describe('checkStack: errors', () => {
  it('TF_UNKNOWN_ATTRIBUTE with a did-you-mean, at the right path', () => {
    const s = newStack();
    s.resource('google_cloud_run_v2_service', 'service', {
      name: 'n',
      location: 'l',
      templat: [{}],
    } as never);
    const d = only(checkStack(s), 'TF_UNKNOWN_ATTRIBUTE');
    assert.equal(d.message, 'Unknown attribute "templat"');
    assert.equal(d.address, 'google_cloud_run_v2_service.service');
    assert.equal(d.hint, 'Did you mean "template"?');
    assert.deepEqual(d.path, ['resource', 'google_cloud_run_v2_service', 'service', 'templat']);
    assert.equal(d.severity, 'error');
  });

  it('TF_UNKNOWN_ATTRIBUTE inside nested blocks: the block is in the address and path, not the message', () => {
    const s = newStack();
    s.resource('google_cloud_run_v2_service', 'service', {
      name: 'n',
      location: 'l',
      template: [{ containers: [{ image: 'i' }, { image: 'i', envv: [] }] }],
    } as never);
    const d = only(checkStack(s), 'TF_UNKNOWN_ATTRIBUTE');
    assert.equal(d.message, 'Unknown attribute "envv"');
    assert.equal(d.address, 'google_cloud_run_v2_service.service');
    assert.equal(d.hint, 'Did you mean "env"?');
    assert.deepEqual(d.path, [
      'resource',
      'google_cloud_run_v2_service',
      'service',
      'template',
      0,
      'containers',
      1,
      'envv',
    ]);
  });

  it('TF_MISSING_REQUIRED for attributes and blocks', () => {
    const s = newStack();
    s.resource('google_project', 'project', { name: 'name' } as never);
    s.resource('google_cloud_run_v2_service', 'service', {
      name: 'n',
      location: 'l',
      template: [{ containers: [{}] }],
    } as never);
    s.resource('google_cloud_run_v2_service', 'noblock', { name: 'n', location: 'l' } as never);
    const diags = checkStack(s);
    assert.deepEqual(codes(diags), ['TF_MISSING_REQUIRED', 'TF_MISSING_REQUIRED', 'TF_MISSING_REQUIRED']);
    assert.deepEqual(
      diags.map((d) => [d.address, d.message]),
      [
        ['google_project.project', 'Missing required attribute "project_id"'],
        ['google_cloud_run_v2_service.service', 'Missing required attribute "image"'],
        ['google_cloud_run_v2_service.noblock', 'Missing required block "template"'],
      ],
    );
    assert.deepEqual(diags[0]!.path, ['resource', 'google_project', 'project']);
    assert.deepEqual(diags[1]!.path, [
      'resource',
      'google_cloud_run_v2_service',
      'service',
      'template',
      0,
      'containers',
      0,
    ]);
  });

  it('TF_BLOCK_EXPECTED when a block is given a scalar or an expression', () => {
    const s = newStack();
    const v = s.variable('t', { type: 'any' });
    s.resource('google_cloud_run_v2_service', 'a', { name: 'n', location: 'l', template: 'x' } as never);
    s.resource('google_cloud_run_v2_service', 'b', { name: 'n', location: 'l', template: v.ref() } as never);
    const diags = checkStack(s).filter((d) => d.code === 'TF_BLOCK_EXPECTED');
    assert.equal(diags.length, 2);
    assert.equal(diags[0]!.message, '"template" is a block, not an attribute');
    assert.equal(diags[0]!.address, 'google_cloud_run_v2_service.a');
    assert.deepEqual(diags[1]!.path, ['resource', 'google_cloud_run_v2_service', 'b', 'template']);
  });

  it('TF_ATTRIBUTE_EXPECTED when an attribute is given a block', () => {
    const s = newStack();
    s.resource('google_project', 'p', { name: { value: 'n' }, project_id: 'p' } as never);
    const d = only(checkStack(s), 'TF_ATTRIBUTE_EXPECTED');
    assert.equal(d.message, '"name" is an attribute of type string, not a block');
    assert.equal(d.address, 'google_project.p');
  });

  it('TF_TOO_MANY_BLOCKS and TF_TOO_FEW_BLOCKS', () => {
    const s = newStack();
    s.resource('google_cloud_run_v2_service', 's', {
      name: 'n',
      location: 'l',
      template: [{ containers: [{ image: 'i' }] }, { containers: [{ image: 'i' }] }],
    } as never);
    s.resource('google_compute_url_map', 'u', { name: 'u', timeouts: [{}, {}] } as never);
    s.resource('google_cloud_run_v2_service', 't', { name: 'n', location: 'l', template: [] } as never);
    const diags = checkStack(s);
    const many = diags.filter((d) => d.code === 'TF_TOO_MANY_BLOCKS');
    assert.equal(many.length, 2);
    assert.equal(many[0]!.message, 'Too many "template" blocks');
    assert.equal(many[0]!.address, 'google_cloud_run_v2_service.s');
    assert.equal(many[0]!.detail, 'At most 1 "template" block is allowed; found 2.');
    assert.deepEqual(many[1]!.path, ['resource', 'google_compute_url_map', 'u', 'timeouts']);
    const few = only(diags, 'TF_TOO_FEW_BLOCKS');
    assert.equal(few.message, 'Too few "template" blocks');
    assert.equal(few.address, 'google_cloud_run_v2_service.t');
  });

  it('TF_TYPE_MISMATCH for literals of the wrong type, expressions accepted anywhere', () => {
    const s = newStack();
    const v = s.variable('n', { type: 'number' });
    s.resource('random_id', 'a', { byte_length: '8', keepers: { a: 1 } } as never);
    s.resource('google_project', 'b', {
      name: 'n',
      project_id: 'p',
      auto_create_network: 'false',
      labels: ['x'],
    } as never);
    s.resource('random_id', 'c', { byte_length: v.ref(), keepers: v.ref() } as never);
    s.resource('google_cloud_run_v2_service', 'd', {
      name: 'n',
      location: 'l',
      custom_audiences: ['a', 2],
      template: [{ containers: [{ image: 'i', args: 'not-a-list' }] }],
    } as never);
    const diags = checkStack(s).filter((d) => d.code === 'TF_TYPE_MISMATCH');
    assert.deepEqual(
      diags.map((d) => [d.address, d.message, d.expected, d.found]),
      [
        ['random_id.a', '"byte_length" must be a number', 'number', 'string "8"'],
        ['random_id.a', '"keepers" must be a string', 'string', 'number 1'],
        ['google_project.b', '"auto_create_network" must be a bool', 'bool', 'string "false"'],
        ['google_project.b', '"labels" must be a map(string)', 'map(string)', 'list of 1'],
        ['google_cloud_run_v2_service.d', '"custom_audiences" must be a string', 'string', 'number 2'],
        [
          'google_cloud_run_v2_service.d',
          '"args" must be a list(string)',
          'list(string)',
          'string "not-a-list"',
        ],
      ],
    );
    assert.deepEqual(diags[1]!.path, ['resource', 'random_id', 'a', 'keepers', 'a']);
  });

  it('TF_COMPUTED_ONLY for attributes only the provider sets', () => {
    const s = newStack();
    s.resource('google_project', 'p', { name: 'n', project_id: 'p', number: '123' } as never);
    const d = only(checkStack(s), 'TF_COMPUTED_ONLY');
    assert.equal(d.message, '"number" is set by the provider and cannot be given');
    assert.equal(d.address, 'google_project.p');
    assert.deepEqual(d.path, ['resource', 'google_project', 'p', 'number']);
  });

  it('TF_DEPRECATED as a warning', () => {
    const s = newStack();
    s.resource('random_password', 'p', { length: 8, number: false });
    const d = only(checkStack(s), 'TF_DEPRECATED');
    assert.equal(d.severity, 'warning');
    assert.equal(d.message, '"number" is deprecated');
    assert.equal(d.address, 'random_password.p');
  });

  it('TF_UNKNOWN_RESOURCE_TYPE with a did-you-mean', () => {
    const s = newStack();
    s.resource('google_projct' as never, 'p', {} as never);
    s.data('google_projekt' as never, 'p', {} as never);
    const diags = checkStack(s);
    assert.deepEqual(codes(diags), ['TF_UNKNOWN_RESOURCE_TYPE', 'TF_UNKNOWN_RESOURCE_TYPE']);
    assert.equal(diags[0]!.message, 'Unknown resource type "google_projct"');
    assert.equal(diags[0]!.hint, 'Did you mean "google_project"?');
    assert.deepEqual(diags[1]!.path, ['data', 'google_projekt']);
  });

  it('TF_UNDECLARED_REFERENCE for resources, data sources, variables, locals and remote state', () => {
    const other = newStack('other');
    const foreign = other.resource('google_project', 'elsewhere', { name: 'n', project_id: 'p' });
    const s = newStack();
    const net = s.resource('google_compute_network', 'net', { name: 'n' });
    s.resource('google_compute_subnetwork', 'sub', {
      name: 's',
      ip_cidr_range: '10.0.0.0/24',
      network: net.id,
      project: foreign.ref('project_id'),
      region: rawExpr('var.regoin'),
      description: interpolate`${rawExpr('local.nope')} and ${rawExpr('data.google_project.p.number')}`,
    });
    s.resource('random_id', 'r', { byte_length: 1, prefix: rawExpr('google_compute_network.nett.name') });
    s.variable('region', { type: 'string' });
    const diags = checkStack(s).filter((d) => d.code === 'TF_UNDECLARED_REFERENCE');
    assert.deepEqual(
      diags.map((d) => [d.address, d.message]),
      [
        ['google_compute_subnetwork.sub', 'Reference to undeclared resource "google_project.elsewhere"'],
        ['google_compute_subnetwork.sub', 'Reference to undeclared variable "var.regoin"'],
        ['google_compute_subnetwork.sub', 'Reference to undeclared local value "local.nope"'],
        ['google_compute_subnetwork.sub', 'Reference to undeclared data source "data.google_project.p"'],
        ['random_id.r', 'Reference to undeclared resource "google_compute_network.nett"'],
      ],
    );
    assert.equal(diags[1]!.hint, 'Did you mean "region"?');
    assert.equal(diags[4]!.hint, 'Did you mean "google_compute_network.net"?');
    assert.deepEqual(diags[0]!.path, ['resource', 'google_compute_subnetwork', 'sub', 'project']);
  });

  it('TF_UNDECLARED_REFERENCE for depends_on naming something not in the stack', () => {
    const other = newStack('other');
    const foreign = other.resource('random_id', 'x', { byte_length: 1 });
    const s = newStack();
    s.resource('random_id', 'y', { byte_length: 1 }, { depends_on: [foreign] });
    const d = only(checkStack(s), 'TF_UNDECLARED_REFERENCE');
    assert.equal(d.message, 'depends_on names undeclared "random_id.x"');
    assert.equal(d.address, 'random_id.y');
    assert.deepEqual(d.path, ['resource', 'random_id', 'y', 'depends_on', 0]);
  });

  it('TF_UNKNOWN_REFERENCE_ATTRIBUTE for attributes the referenced type does not have', () => {
    const s = newStack();
    const redis = s.resource('google_redis_instance', 'redis', { name: 'r', memory_size_gb: 1 });
    const run = s.resource('google_cloud_run_v2_service', 'run', {
      name: 'n',
      location: 'l',
      template: [{ containers: [{ image: 'i' }] }],
    });
    const rs = s.remoteState('project', { backend: 'remote', config: {} });
    s.resource('google_secret_manager_secret', 'x', {
      secret_id: 'x',
      replication: [{ auto: [{}] }],
      labels: {
        a: redis.ref('hostt' as never),
        b: redis.ref('server_ca_certs.cert' as never),
        c: redis.ref('server_ca_certs[0].crt' as never),
        d: run.ref('template.containers' as never),
        e: run.ref('template[0].containers[0].image'),
        f: rs.output('anything', 'goes.here'),
        g: redis.ref('host.length' as never),
      },
    });
    const diags = checkStack(s).filter((d) => d.code === 'TF_UNKNOWN_REFERENCE_ATTRIBUTE');
    assert.deepEqual(
      diags.map((d) => d.message),
      [
        'Reference "google_redis_instance.redis.hostt": unknown attribute "hostt" of google_redis_instance',
        'Reference "google_redis_instance.redis.server_ca_certs.cert": "server_ca_certs" is a list(object({cert=string, create_time=string, expire_time=string, serial_number=string, sha1_fingerprint=string})) and cannot take cert',
        'Reference "google_redis_instance.redis.server_ca_certs[0].crt": unknown attribute "crt" of "server_ca_certs"',
        'Reference "google_cloud_run_v2_service.run.template.containers": block "template" is a list; index it before reading "containers"',
        'Reference "google_redis_instance.redis.host.length": "host" is a string and has no attribute or index length',
      ],
    );
    assert.ok(diags.every((d) => d.address === 'google_secret_manager_secret.x'));
    assert.equal(diags[0]!.hint, 'Did you mean "host"?');
    assert.equal(diags[2]!.hint, 'Did you mean "cert"?');
    assert.equal(diags[3]!.hint, 'Write template[0].containers.');
    assert.deepEqual(diags[0]!.path, ['resource', 'google_secret_manager_secret', 'x', 'labels', 'a']);
  });

  it('TF_SELF_REFERENCE and TF_SENSITIVE_OUTPUT', () => {
    const s = newStack();
    s.resource('random_id', 'r', { byte_length: 1, prefix: rawExpr('random_id.r.hex') });
    const p = s.resource('random_password', 'p', { length: 8 });
    s.output('leak', { value: p.ref('result') });
    s.output('ok', { value: p.ref('result'), sensitive: true });
    const diags = checkStack(s);
    assert.deepEqual(codes(diags), ['TF_SELF_REFERENCE', 'TF_SENSITIVE_OUTPUT']);
    assert.deepEqual(diags[1]!.path, ['output', 'leak', 'value']);
    assert.equal(diags[1]!.address, 'output.leak');
    assert.equal(diags[1]!.message, 'Output refers to the sensitive value "random_password.p.result"');
  });

  it('checks lifecycle.ignore_changes paths against the schema', () => {
    const s = newStack();
    s.resource(
      'google_cloud_run_v2_service',
      'run',
      { name: 'n', location: 'l', template: [{ containers: [{ image: 'i' }] }] },
      {
        lifecycle: { ignore_changes: ['template[0].containers[0].image', 'template[0].containers[0].imag'] },
      },
    );
    const d = only(checkStack(s), 'TF_UNKNOWN_ATTRIBUTE');
    assert.deepEqual(d.path, [
      'resource',
      'google_cloud_run_v2_service',
      'run',
      'lifecycle',
      'ignore_changes',
      1,
    ]);
    assert.equal(d.hint, 'Did you mean "image"?');
  });

  it('checks provider blocks and provider requirements', () => {
    const s = createStack({ name: 's', header: TEST_HEADER });
    s.requireProvider('google', { source: 'hashicorp/google', version: '7.8.0' });
    s.provider('google', { projet: 'p' } as never);
    s.resource('random_id', 'r', { byte_length: 1 });
    const alias = { name: 'google', alias: 'missing', address: 'google.missing' };
    s.resource('google_project_service', 'svc', { service: 'run.googleapis.com' }, { provider: alias });
    const diags = checkStack(s);
    assert.deepEqual(codes(diags), [
      'TF_PROVIDER_VERSION_MISMATCH',
      'TF_UNKNOWN_ATTRIBUTE',
      'TF_PROVIDER_NOT_REQUIRED',
      'TF_UNDECLARED_PROVIDER',
    ]);
    assert.equal(diags[0]!.severity, 'warning');
    assert.deepEqual(
      diags.slice(1).map((d) => [d.address, d.message]),
      [
        ['provider.google', 'Unknown attribute "projet"'],
        ['random_id.r', 'Provider "random" is not in required_providers'],
        ['google_project_service.svc', 'Provider configuration "google.missing" is not declared'],
      ],
    );
    assert.equal(diags[1]!.hint, 'Did you mean "project"?');
  });

  it('accepts a custom schema index', () => {
    const schema: ProviderSchema = {
      source: 'example/thing',
      version: '1.0.0',
      provider: {},
      resources: { thing_widget: { attributes: { size: { type: 'number', required: true } } } },
      data_sources: {},
    };
    const doc = {
      terraform: { required_providers: { thing: { source: 'example/thing', version: '1.0.0' } } },
      resource: { thing_widget: { w: { size: 'big' } } },
    };
    assert.deepEqual(codes(checkTerraformJson(doc, indexSchemas([schema]))), ['TF_TYPE_MISMATCH']);
    assert.deepEqual(codes(checkTerraformJson('nope')), ['TF_DOCUMENT_NOT_OBJECT']);
  });

  it('checks the rendered document, the same as checkStack', () => {
    const s = exampleCloudRunStack(3);
    assert.deepEqual(checkTerraformJson(JSON.parse(JSON.stringify(renderStack(s)))), []);
  });

  it('checks the Cloud Run stack of every example environment without a false positive (speed is measured by npm run bench, not here)', () => {
    for (let i = 0; i < exampleCloudRunStackCount(); i++)
      assert.deepEqual(checkStack(exampleCloudRunStack(i)), [], `example environment ${i}`);
  });
});

describe('checkTerraformJson: one code per rule of the document and the meta-arguments', () => {
  const required = { required_providers: { google: { source: 'hashicorp/google', version: '7.9.0' } } };
  const project = (extra: Record<string, unknown>) => ({
    terraform: required,
    resource: { google_project: { p: { name: 'project', project_id: 'acme-project', ...extra } } },
  });
  const cases: [string, unknown, string, string | undefined, (string | number)[]][] = [
    ['a document that is not an object', [], 'TF_DOCUMENT_NOT_OBJECT', undefined, []],
    ['an unknown top-level block', { resources: {} }, 'TF_UNKNOWN_TOP_LEVEL_BLOCK', undefined, ['resources']],
    ['a section that is not an object', { resource: [] }, 'TF_NOT_AN_OBJECT', undefined, ['resource']],
    [
      'the blocks of a type that are not an object',
      { terraform: required, resource: { google_project: [] } },
      'TF_NOT_AN_OBJECT',
      undefined,
      ['resource', 'google_project'],
    ],
    [
      'an output that is not an object',
      { output: { o: 'x' } },
      'TF_NOT_AN_OBJECT',
      'output.o',
      ['output', 'o'],
    ],
    [
      'a required provider without a source',
      { terraform: { required_providers: { google: { version: '7.9.0' } } } },
      'TF_PROVIDER_SOURCE_MISSING',
      undefined,
      ['terraform', 'required_providers', 'google'],
    ],
    [
      'two default configurations of a provider',
      { terraform: required, provider: { google: [{ project: 'a' }, { project: 'b' }] } },
      'TF_PROVIDER_DUPLICATE_DEFAULT',
      undefined,
      ['provider', 'google', 1],
    ],
    [
      'a negative count',
      project({ count: -1 }),
      'TF_COUNT_INVALID',
      'google_project.p',
      ['resource', 'google_project', 'p', 'count'],
    ],
    [
      'a number as for_each',
      project({ for_each: 3 }),
      'TF_FOR_EACH_INVALID',
      'google_project.p',
      ['resource', 'google_project', 'p', 'for_each'],
    ],
    [
      'a provider meta-argument that is not a reference',
      project({ provider: 'google west' }),
      'TF_PROVIDER_ARGUMENT_INVALID',
      'google_project.p',
      ['resource', 'google_project', 'p', 'provider'],
    ],
    [
      'depends_on as a string',
      project({ depends_on: 'x' }),
      'TF_DEPENDS_ON_INVALID',
      'google_project.p',
      ['resource', 'google_project', 'p', 'depends_on'],
    ],
    [
      'a depends_on entry that is not a string',
      project({ depends_on: [1] }),
      'TF_DEPENDS_ON_INVALID',
      'google_project.p',
      ['resource', 'google_project', 'p', 'depends_on', 0],
    ],
    [
      'lifecycle as a bool',
      project({ lifecycle: true }),
      'TF_LIFECYCLE_INVALID',
      'google_project.p',
      ['resource', 'google_project', 'p', 'lifecycle'],
    ],
    [
      'an unknown lifecycle argument',
      project({ lifecycle: { prevent_destory: true } }),
      'TF_LIFECYCLE_UNKNOWN_ARGUMENT',
      'google_project.p',
      ['resource', 'google_project', 'p', 'lifecycle', 'prevent_destory'],
    ],
    [
      'ignore_changes as a string other than "all"',
      project({ lifecycle: { ignore_changes: 'labels' } }),
      'TF_IGNORE_CHANGES_INVALID',
      'google_project.p',
      ['resource', 'google_project', 'p', 'lifecycle', 'ignore_changes'],
    ],
    [
      'an ignore_changes entry that is not a string',
      project({ lifecycle: { ignore_changes: [1] } }),
      'TF_IGNORE_CHANGES_INVALID',
      'google_project.p',
      ['resource', 'google_project', 'p', 'lifecycle', 'ignore_changes', 0],
    ],
    [
      'an ignore_changes entry that is not an attribute path',
      project({ lifecycle: { ignore_changes: ['labels['] } }),
      'TF_IGNORE_CHANGES_INVALID',
      'google_project.p',
      ['resource', 'google_project', 'p', 'lifecycle', 'ignore_changes', 0],
    ],
  ];
  for (const [what, doc, code, address, path] of cases)
    it(`${code}: ${what}`, () => {
      const d = only(checkTerraformJson(doc), code);
      assert.equal(d.address, address);
      assert.deepEqual(d.path, path);
      if (address)
        assert.ok(!d.message.includes(address), `the message does not repeat the address: ${d.message}`);
    });
});
