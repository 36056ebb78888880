// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about strings holding ${ and %{ literally

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newStack } from '../../test/support/terraform.ts';
import {
  escapeTemplateLiteral,
  findTemplateSequence,
  quoteHclString,
  unescapeTemplateLiteral,
} from './escape.ts';
import { fn, interpolate, isTfExpr, rawExpr } from './expr.ts';
import { scanExpressionTraversals, scanTemplateTraversals } from './hcl-scan.ts';
import { parseTraversal, renderTraversal } from './traversal.ts';

describe('escaping', () => {
  it('escapes template sequences and reads them back', () => {
    assert.equal(escapeTemplateLiteral('a ${b} %{c} $${d} $ { %'), 'a $${b} %%{c} $$${d} $ { %');
    assert.equal(unescapeTemplateLiteral('a $${b} %%{c} $$${d}'), 'a ${b} %{c} $${d}');
    assert.throws(() => unescapeTemplateLiteral('a ${b}'), /not a literal/);
  });

  it('finds unescaped sequences scanning left to right', () => {
    assert.equal(findTemplateSequence('plain'), -1);
    assert.equal(findTemplateSequence('$${x}'), -1);
    assert.equal(findTemplateSequence('$$${x}'), -1);
    assert.equal(findTemplateSequence('a${x}'), 1);
    assert.equal(findTemplateSequence('a%{if x}'), 1);
    assert.equal(findTemplateSequence('%%{ $${ ${'), 8);
  });

  it('quotes HCL strings', () => {
    assert.equal(quoteHclString('a"b\\c\nd\t${e}\u0001'), '"a\\"b\\\\c\\nd\\t$${e}\\u0001"');
  });
});

describe('expressions', () => {
  it('renders references from handles', () => {
    const s = newStack();
    const p = s.resource('google_project', 'project', { name: 'n', project_id: 'p' });
    assert.equal(p.address, 'google_project.project');
    assert.equal(p.ref('number').toTemplate(), '${google_project.project.number}');
    assert.equal(p.id.toTemplate(), '${google_project.project.id}');
    const r = s.resource('google_redis_instance', 'redis', { name: 'r', memory_size_gb: 1 });
    assert.equal(
      r.ref('server_ca_certs[0].cert').toHcl(),
      'google_redis_instance.redis.server_ca_certs[0].cert',
    );
    const d = s.data('google_project', 'this', {});
    assert.equal(d.address, 'data.google_project.this');
    assert.equal(d.ref('number').toTemplate(), '${data.google_project.this.number}');
    const v = s.variable('tag', { type: 'string' });
    assert.equal(v.ref().toTemplate(), '${var.tag}');
    const l = s.local('m', { a: 1 });
    assert.equal(l.ref('a').toTemplate(), '${local.m.a}');
    const rs = s.remoteState('cross-stack-reference-input-project', { backend: 'remote', config: {} });
    assert.equal(rs.address, 'data.terraform_remote_state.cross-stack-reference-input-project');
    assert.equal(
      rs.output('cross-stack-output-x').toTemplate(),
      '${data.terraform_remote_state.cross-stack-reference-input-project.outputs.cross-stack-output-x}',
    );
    assert.equal(
      rs.output('9 lives', '[0]').toHcl(),
      'data.terraform_remote_state.cross-stack-reference-input-project.outputs["9 lives"][0]',
    );
  });

  it('keeps literal parts of templates literal', () => {
    const s = newStack();
    const r = s.resource('google_redis_instance', 'redis', { name: 'r', memory_size_gb: 1 });
    const e = interpolate`rediss://:${r.ref('auth_string')}@${r.ref('host')}:${6379}/${'${db}'}`;
    assert.equal(
      e.toTemplate(),
      'rediss://:${google_redis_instance.redis.auth_string}@${google_redis_instance.redis.host}:6379/$${db}',
    );
    assert.equal(
      e.toHcl(),
      '"rediss://:${google_redis_instance.redis.auth_string}@${google_redis_instance.redis.host}:6379/$${db}"',
    );
  });

  it('does not let a literal "$" before an interpolation turn it into an escape', () => {
    const s = newStack();
    const v = s.variable('price', { type: 'string' });
    assert.equal(interpolate`cost: $${v.ref()}`.toTemplate(), 'cost: ${"$"}${var.price}');
    assert.equal(interpolate`$$${v.ref()}`.toTemplate(), '${"$$"}${var.price}');
    assert.equal(interpolate`%${v.ref()}`.toTemplate(), '%${var.price}');
  });

  it('splices nested templates and renders function calls with literal arguments', () => {
    const s = newStack();
    const sa = s.resource('google_service_account', 'sa', { account_id: 'a' });
    const inner = interpolate`x-${sa.ref('email')}`;
    assert.equal(interpolate`[${inner}]`.toTemplate(), '[x-${google_service_account.sa.email}]');
    assert.equal(
      fn('trimsuffix', sa.ref('email'), '.gserviceaccount.com').toTemplate(),
      '${trimsuffix(google_service_account.sa.email, ".gserviceaccount.com")}',
    );
    assert.equal(
      fn('jsonencode', { b: [1, true, null], a: '${lit}', c: sa.ref('email') }).toHcl(),
      'jsonencode({ "a" = "$${lit}", "b" = [1, true, null], "c" = google_service_account.sa.email })',
    );
    assert.equal(
      rawExpr`${sa.ref('email')} != ${'x'}`.toTemplate(),
      '${google_service_account.sa.email != "x"}',
    );
    assert.equal(
      fn('upper', rawExpr`${'a'} == ${'b'} ? "x" : "y"`).toHcl(),
      'upper(("a" == "b" ? "x" : "y"))',
    );
    assert.throws(() => fn('bad name'), /invalid function name/);
  });

  it('refuses to become a JS string by accident', () => {
    const s = newStack();
    const p = s.resource('random_id', 'r', { byte_length: 2 });
    assert.ok(isTfExpr(p.id));
    assert.throws(() => `${p.id}`, /interpolate/);
    assert.throws(() => JSON.stringify({ x: p.id }), /serializeStack/);
    assert.throws(() => interpolate`${null as never}`, /null/);
  });
});

describe('traversals', () => {
  it('parses and renders attribute paths', () => {
    const steps = parseTraversal('template[0].containers[*].env["a b"].x-y');
    assert.deepEqual(steps, [
      { kind: 'attr', name: 'template' },
      { kind: 'index', key: 0 },
      { kind: 'attr', name: 'containers' },
      { kind: 'splat' },
      { kind: 'attr', name: 'env' },
      { kind: 'index', key: 'a b' },
      { kind: 'attr', name: 'x-y' },
    ]);
    assert.equal(renderTraversal(steps), '.template[0].containers[*].env["a b"].x-y');
  });

  it('rejects malformed paths', () => {
    for (const bad of ['', '.a', 'a.', 'a..b', '[0]x', 'a[x]', 'a[0', 'a b', '0a']) {
      assert.throws(() => parseTraversal(bad), /invalid attribute path/, bad);
    }
  });

  it('finds references in templates, skipping literals, strings, functions and for symbols', () => {
    const found = scanTemplateTraversals(
      'lit $${var.no} ${upper(var.a)} %{ for x in local.list }${x.name}${data.t.n.attr[0]["k"]}%{ endfor }' +
        '${"quoted ${google_x.y.z} \\" var.not"} ${[for k, v in var.m : v.id]} ${f(x).y} ${1.5}',
    );
    assert.deepEqual(
      found.map((t) => t.text),
      ['var.a', 'local.list', 'data.t.n.attr[0]["k"]', 'google_x.y.z', 'var.m'],
    );
    assert.deepEqual(scanTemplateTraversals('no ${ sequences here'), []);
    assert.deepEqual(
      scanExpressionTraversals('var.a[var.i].b + local.c').map((t) => t.text),
      ['var.a', 'var.i', 'local.c'],
    );
  });

  it('reads heredocs and comments in expressions', () => {
    const found = scanExpressionTraversals('<<-EOT\n  a ${var.x} b\n  EOT\n # var.no\n /* var.no */ var.y');
    assert.deepEqual(
      found.map((t) => t.text),
      ['var.x', 'var.y'],
    );
  });
});

describe('stack API', () => {
  it('throws on duplicate addresses and invalid names', () => {
    const s = newStack();
    s.resource('random_id', 'a', { byte_length: 1 });
    assert.throws(() => s.resource('random_id', 'a', { byte_length: 2 }), /duplicate resource random_id.a/);
    s.data('google_project', 'p', {});
    assert.throws(() => s.data('google_project', 'p', {}), /duplicate data source/);
    assert.throws(() => s.resource('random_id', '1bad', { byte_length: 1 }), /invalid resource name/);
    assert.throws(() => s.resource('random_id', 'has space', { byte_length: 1 }), /invalid resource name/);
    s.variable('v', { type: 'string' });
    assert.throws(() => s.variable('v', { type: 'string' }), /duplicate variable/);
    assert.throws(() => s.variable('count', { type: 'string' }), /reserved/);
    s.local('l', 1);
    assert.throws(() => s.local('l', 2), /duplicate local/);
    s.output('o', { value: 1 });
    assert.throws(() => s.output('o', { value: 2 }), /duplicate output/);
    s.provider('google', {});
    assert.throws(() => s.provider('google', {}), /duplicate provider configuration google/);
    assert.throws(
      () => s.requireProvider('google', { source: 'hashicorp/google', version: '6.0.0' }),
      /already required/,
    );
    const r = s.resource('random_id', 'b', { byte_length: 1 });
    assert.throws(() => r.ref('keepers..x' as never), /invalid attribute path/);
  });

  it('refuses expressions in variable defaults', () => {
    const s = newStack();
    const r = s.resource('random_id', 'b', { byte_length: 1 });
    assert.throws(() => s.variable('v', { type: 'string', default: r.id as never }), /literal/);
  });

  it('type-checks resource bodies and reference paths at compile time', () => {
    const s = newStack();
    // @ts-expect-error unknown resource type
    s.resource('google_projct', 'p', {});
    // @ts-expect-error unknown attribute
    s.resource('google_project', 'q', { name: 'n', project_id: 'p', billing_acount: 'x' });
    // @ts-expect-error missing required attribute project_id
    s.resource('google_project', 'r', { name: 'n' });
    // @ts-expect-error wrong literal type
    s.resource('random_id', 'x', { byte_length: '8' });
    const p = s.resource('google_project', 's', { name: 'n', project_id: 'p' });
    // @ts-expect-error unknown attribute in a reference
    p.ref('numbr');
    p.ref('labels.team');
  });
});
