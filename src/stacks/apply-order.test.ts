import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  EXAMPLES_ROOT,
  examplePlatform,
  exampleServiceIds,
  exampleSpec,
} from '../../test/support/examples.ts';
import { parsePlatformConfig } from '../platform/parse.ts';
import { type ApplyOrder, applyOrderMermaid, applyOrderText, buildApplyOrder } from './apply-order.ts';

/** True when every edge goes from an earlier step to a later one. */
function isTopological(order: ApplyOrder): boolean {
  const at = new Map(order.steps.map((s, i) => [s.id, i]));
  return order.edges.every((e) => at.get(e.from)! < at.get(e.to)!);
}

describe('buildApplyOrder', () => {
  it('orders project → iam → cloudrun → monitoring after tfcworkspaces, per environment', () => {
    const order = buildApplyOrder(exampleSpec('acme-api'), examplePlatform());
    assert.deepEqual(
      order.steps.map((s) => s.id),
      ['dev', 'prod'].flatMap((e) =>
        ['tfcworkspaces', 'project', 'iam', 'cloudrun', 'monitoring'].map((s) => `${e}/${s}`),
      ),
    );
    const dev = order.edges.filter((e) => e.to.startsWith('dev/'));
    assert.deepEqual(
      dev.map((e) => `${e.from} -> ${e.to}${e.runTrigger ? ' (trigger)' : ''}`),
      [
        'dev/tfcworkspaces -> dev/project',
        'dev/project -> dev/iam (trigger)',
        'dev/iam -> dev/cloudrun (trigger)',
        'dev/cloudrun -> dev/monitoring (trigger)',
      ],
    );
    assert.equal(order.steps[1]!.workspace, 'msp-acme-api-dev-project');
  });

  it("puts a rollout's final stage after the earlier stages and links their iam stacks", () => {
    const order = buildApplyOrder(exampleSpec('release-registry'), examplePlatform());
    const cross = order.edges.filter((e) => e.from.split('/')[0] !== e.to.split('/')[0]);
    assert.deepEqual(
      cross.map((e) => `${e.from} -> ${e.to}${e.runTrigger ? ' (trigger)' : ''}`),
      ['dev/iam -> prod/iam (trigger)', 'dev/tfcworkspaces -> prod/tfcworkspaces'],
    );
  });

  it('is a valid apply order for every example service (steps sorted so every edge points forward)', () => {
    for (const id of exampleServiceIds()) {
      const spec = exampleSpec(id);
      // The final stage may be listed first in the spec; the order must still hold.
      const reversed = { ...spec, environments: [...spec.environments].reverse() };
      for (const s of [spec, reversed]) assert.ok(isTopological(buildApplyOrder(s, examplePlatform())), id);
    }
  });

  it('without Terraform Cloud: no tfcworkspaces step and no run triggers', () => {
    const text = readFileSync(join(EXAMPLES_ROOT, 'platform.yaml'), 'utf8').replace(
      '    type: cloud\n    hostname: app.terraform.io\n    organization: acme\n',
      '    type: gcs\n    bucket: acme-terraform-state\n',
    );
    const platform = parsePlatformConfig(text, 'platform.yaml').value!;
    const order = buildApplyOrder(exampleSpec('release-registry', { platform }), platform);
    assert.ok(!order.steps.some((s) => s.stack === 'tfcworkspaces'));
    assert.ok(order.edges.every((e) => !e.runTrigger));
    assert.ok(order.edges.some((e) => e.from === 'dev/iam' && e.to === 'prod/iam'));
    assert.ok(!applyOrderText(order).includes('[run trigger]'));
  });
});

describe('apply order rendering', () => {
  const order = buildApplyOrder(exampleSpec('release-registry'), examplePlatform());

  it('text: numbered steps with workspaces and what each waits for', () => {
    const text = applyOrderText(order);
    assert.match(text, /^Apply order of release-registry/);
    assert.match(
      text,
      / {2}3\. dev\/iam +msp-release-registry-dev-iam +after dev\/project \[run trigger\]\n/,
    );
    assert.match(
      text,
      /prod\/iam +msp-release-registry-prod-iam +after prod\/project \[run trigger\], dev\/iam \[run trigger\]/,
    );
  });

  it('mermaid: a subgraph per environment, dotted arrows for waits no trigger enforces', () => {
    const m = applyOrderMermaid(order);
    assert.match(m, /^flowchart LR\n {2}subgraph env_dev\["dev"\]/);
    assert.ok(m.includes('  dev_iam --> prod_iam'));
    assert.ok(m.includes('  dev_tfcworkspaces -.-> prod_tfcworkspaces'));
  });
});
