/**
 * What a new user does between `msp init` and `msp generate`: edits the values `msp init` marked
 * in platform.yaml and the specs, by hand (here: by text edits of the same lines). Each edit must
 * find its line, so a change to what `msp init` writes shows up here.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** [what msp init wrote, what the user types instead]. */
const PLATFORM_EDITS: [RegExp, string][] = [
  [/name: TODO-organisation-name/, 'name: Acme'],
  [/domain: TODO\.example\.com/, 'domain: acme.com'],
  [/billingAccount: 000000-000000-000000/, 'billingAccount: 01A2B3-C4D5E6-F7A8B9'],
  [/test: folders\/100000000001/, 'test: folders/795981974432'],
  [/internal: folders\/100000000002/, 'internal: folders/387815626940'],
  [/external: folders\/100000000003/, 'external: folders/26336759932'],
  [/organization: example-org/, 'organization: acme'],
  [/repo: TODO-owner\/TODO-repository/, 'repo: acme/fleet'],
  [
    /# runnerServiceAccount: terraform@your-ci-project\.iam\.gserviceaccount\.com/,
    'runnerServiceAccount: terraform@acme-ci.iam.gserviceaccount.com',
  ],
  [/projectNumber: "100000000000"/, 'projectNumber: "482915306617"'],
  [/engineersGroup: group:engineers@example\.com/, 'engineersGroup: group:engineers@acme.com'],
  [/https:\/\/TODO\.example\.com\/request/, 'https://access.acme.com/request'],
  [/email_address: alerts@TODO\.example\.com/, 'email_address: alerts@acme.com'],
  [/project: TODO-secrets-project/, 'project: acme-secrets'],
  [/https:\/\/github\.com\/TODO-owner\/TODO-repository/, 'https://github.com/acme/fleet'],
];

/** Fills in every value `msp init` left to the user in platform.yaml; maps `teams` to owners. */
export function fillInPlatform(root: string, owners: readonly string[] = []): void {
  const file = join(root, 'platform.yaml');
  let text = readFileSync(file, 'utf8');
  for (const [from, to] of PLATFORM_EDITS) {
    if (!from.test(text)) throw new Error(`platform.yaml has no line matching ${from}`);
    text = text.replace(from, to);
  }
  if (owners.length > 0) {
    const block = /^# teams:\n(#.*\n)*/m;
    if (!block.test(text)) throw new Error('platform.yaml has no commented-out teams block');
    text = text.replace(
      block,
      `teams:\n${owners.map((o) => `  ${o}:\n    terraformCloud: ${o}\n`).join('')}`,
    );
  }
  writeFileSync(file, text);
}

/** Fills in the `TODO`s `msp init` wrote into each spec (description, image, source, Notion page). */
export function fillInSpecs(root: string): void {
  for (const id of readdirSync(join(root, 'services'))) {
    const file = join(root, 'services', id, 'service.yaml');
    const text = readFileSync(file, 'utf8')
      .replace(/description: TODO$/m, `description: The ${id} service`)
      .replace(/docker\.pkg\.dev\/TODO\//, 'docker.pkg.dev/acme-artifacts/images/')
      .replace(/repo: TODO$/m, `repo: github.com/acme/${id}`)
      .replace(/TODO-notion-page-id/, '0123456789abcdef0123456789abcdef');
    if (/TODO/.test(text)) throw new Error(`${file} still has a TODO the user would fill in:\n${text}`);
    writeFileSync(file, text);
  }
}
