// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform references are plain strings holding ${...}
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newStack } from '../../test/support/terraform.ts';
import { checkStack, checkTerraformJson } from './check.ts';
import { fn, rawExpr } from './expr.ts';
import { renderStack } from './render.ts';
import { dynamicRef } from './stack.ts';

/** A security policy whose allow rules come from a list, plus one static rule. */
function policyStack(content: Record<string, unknown>, iterator?: string) {
  const s = newStack();
  const ranges = s.data('cloudflare_ip_ranges', 'cf', {});
  s.resource(
    'google_compute_security_policy',
    'p',
    {
      name: 'p',
      rule: [
        {
          action: 'deny(403)',
          priority: 2147483647,
          match: [{ versioned_expr: 'SRC_IPS_V1', config: [{ src_ip_ranges: ['*'] }] }],
        },
      ],
    },
    {
      dynamic: {
        rule: {
          for_each: fn('chunklist', ranges.ref('ipv4_cidrs'), 10),
          ...(iterator ? { iterator } : {}),
          content: content as never,
        },
      },
    },
  );
  return s;
}

const allow = (it: string) => ({
  action: 'allow',
  priority: rawExpr`4000 + ${dynamicRef(it, 'key')}`,
  match: [{ versioned_expr: 'SRC_IPS_V1', config: [{ src_ip_ranges: dynamicRef(it, 'value') }] }],
});

describe('checkStack: dynamic blocks', () => {
  it('renders dynamic beside the static blocks and accepts iterator references in content', () => {
    const s = policyStack(allow('rule'));
    assert.deepEqual(checkStack(s), []);
    // biome-ignore lint/suspicious/noExplicitAny: walking rendered JSON
    const body = (renderStack(s).resource as any).google_compute_security_policy.p;
    assert.equal(body.dynamic.rule.for_each, '${chunklist(data.cloudflare_ip_ranges.cf.ipv4_cidrs, 10)}');
    assert.equal(body.dynamic.rule.content.priority, '${4000 + rule.key}');
    assert.equal(body.rule.length, 1);
  });

  it('a custom iterator name is the reference root; the block name then is not', () => {
    assert.deepEqual(checkStack(policyStack(allow('chunk'), 'chunk')), []);
    const diags = checkStack(policyStack(allow('rule'), 'chunk'));
    assert.ok(diags.some((d) => d.code === 'TF_UNDECLARED_REFERENCE' && d.message.includes('rule.key')));
  });

  it('checks content against the nested block schema', () => {
    const diags = checkStack(policyStack({ ...allow('rule'), acton: 'allow' }));
    const d = diags.find((x) => x.code === 'TF_UNKNOWN_ATTRIBUTE');
    assert.ok(d, JSON.stringify(diags));
    assert.deepEqual(d.path, [
      'resource',
      'google_compute_security_policy',
      'p',
      'dynamic',
      'rule',
      'content',
      'acton',
    ]);
    assert.match(d.hint ?? '', /action/);
    const missing = checkStack(policyStack({ priority: 1 }));
    assert.ok(missing.some((x) => x.code === 'TF_MISSING_REQUIRED' && x.message.includes('"action"')));
  });

  it('rejects a dynamic block for an attribute or an unknown block, and missing for_each', () => {
    // biome-ignore lint/suspicious/noExplicitAny: walking rendered JSON
    const doc = renderStack(policyStack(allow('rule'))) as any;
    const body = doc.resource.google_compute_security_policy.p;
    body.dynamic.nmae = { for_each: [], content: {} };
    body.dynamic.rule = { content: body.dynamic.rule.content };
    const diags = checkTerraformJson(doc);
    assert.ok(
      diags.some((d) => d.code === 'TF_UNKNOWN_ATTRIBUTE' && d.message.includes('Dynamic "nmae"')),
      JSON.stringify(diags),
    );
    assert.ok(diags.some((d) => d.code === 'TF_MISSING_REQUIRED' && d.message.includes('"for_each"')));
  });

  it('one code per rule of a dynamic block: unknown argument, iterator, for_each', () => {
    const at = (spec: Record<string, unknown>) => {
      // biome-ignore lint/suspicious/noExplicitAny: walking rendered JSON
      const doc = renderStack(policyStack(allow('rule'))) as any;
      const body = doc.resource.google_compute_security_policy.p;
      body.dynamic.rule = { ...body.dynamic.rule, ...spec };
      return checkTerraformJson(doc);
    };
    const base = ['resource', 'google_compute_security_policy', 'p', 'dynamic', 'rule'];
    const cases: [Record<string, unknown>, string, (string | number)[]][] = [
      [{ contents: {} }, 'TF_DYNAMIC_UNKNOWN_ARGUMENT', [...base, 'contents']],
      [{ iterator: 'my item' }, 'TF_DYNAMIC_ITERATOR_INVALID', [...base, 'iterator']],
      [{ for_each: 3 }, 'TF_DYNAMIC_FOR_EACH_INVALID', [...base, 'for_each']],
    ];
    for (const [spec, code, path] of cases) {
      const found = at(spec).filter((d) => d.code === code);
      assert.equal(found.length, 1, `${code}: ${JSON.stringify(at(spec))}`);
      assert.deepEqual(found[0]!.path, path);
      assert.equal(found[0]!.address, 'google_compute_security_policy.p');
    }
  });
});
