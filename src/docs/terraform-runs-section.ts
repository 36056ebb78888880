/**
 * The Terraform part of the operations page that a person on call needs when an apply fails:
 * how to get into Terraform Cloud (the teams the platform output grants the environment's
 * project to; membership itself is managed in Terraform Cloud or by SSO team mapping) and where
 * failed runs are reported (the run-failure notification every workspace gets from
 * `terraform.notificationUrl`, and the commit statuses of VCS-driven workspaces). The webhook
 * URL itself is never shown: it is a credential.
 */

import { ownerTfcTeam } from '../naming/platform-names.ts';
import type { PlatformConfig } from '../platform/model.ts';
import { serviceProjectAccess } from '../platform-stack/tfc.ts';
import type { ServiceSpec } from '../spec/model.ts';
import { notificationDestination } from '../stacks/resources/tfc-workspace.ts';
import * as urls from '../urls/index.ts';
import { type Block, code, type Inline, li, ol, p, strong, ul, url } from './doc.ts';

const names = (list: readonly string[]): Inline[] =>
  list.flatMap((t, i) => [...(i > 0 ? [', '] : []), code(t)]);

/** Where the platform's run-failure webhook posts, in words. */
function destinationText(notificationUrl: string): string {
  const d = notificationDestination(notificationUrl);
  if (d === 'slack') return 'a Slack channel (incoming webhook)';
  if (d === 'microsoft-teams') return 'a Microsoft Teams channel (incoming webhook)';
  return 'the platform\u2019s webhook';
}

/**
 * How to get Terraform Cloud access for the service's environments: sign in once, then join
 * the team that has the access you need. Empty for backends other than Terraform Cloud.
 */
export function tfcAccessSteps(spec: ServiceSpec, platform: PlatformConfig): Block[] {
  const b = platform.terraform.backend;
  const teams = urls.tfcTeamsUrl(platform);
  const home = urls.tfcOrganizationUrl(platform);
  if (b.type !== 'cloud' || !teams || !home) return [];
  const access = serviceProjectAccess(platform, spec.owners);
  const by = (level: string) => [...access].filter(([, l]) => l === level).map(([t]) => t);
  const write = by('write');
  const read = by('read');
  const unmapped = spec.owners.filter((o) => !ownerTfcTeam(platform, o));
  return [
    p(strong('Getting Terraform Cloud access'), ':'),
    ol([
      li([
        'Sign in to ',
        url(home, code(b.hostname)),
        ' once (organisation ',
        code(b.organization),
        '), so that your user exists.',
      ]),
      li([
        'Join a team (',
        url(teams, 'teams'),
        '): ',
        ...(read.length > 0 ? [...names(read), ' to read runs and state; '] : []),
        ...names(write),
        ' to plan and apply. Team membership is managed in Terraform Cloud (or mapped from your identity provider), not by ',
        code('msp'),
        ': ask an owner of the organisation.',
      ]),
    ]),
    ...(unmapped.length > 0
      ? [
          p(
            'Owners without a Terraform Cloud team (',
            ...names(unmapped),
            ') get no access through the platform: add ',
            code('teams.<owner>.terraformCloud'),
            ' to platform.yaml.',
          ),
        ]
      : []),
  ];
}

/** Where failed applies of the service's workspaces are reported. */
export function failedAppliesText(platform: PlatformConfig): Block[] {
  const b = platform.terraform.backend;
  if (b.type !== 'cloud')
    return [
      p(
        strong('Failed applies'),
        ': the state is not in Terraform Cloud, so a failed apply is reported only where ',
        code('terraform apply'),
        ' runs (your CI job or terminal).',
      ),
    ];
  const vcs = platform.terraform.vcs;
  const where: Inline[][] = [];
  if (platform.terraform.notificationUrl)
    where.push([
      'Terraform Cloud posts every errored run (',
      code('run:errored'),
      ') of these workspaces to ',
      destinationText(platform.terraform.notificationUrl),
      ' (',
      code('terraform.notificationUrl'),
      ' in platform.yaml).',
    ]);
  if (vcs.oauthTokenId)
    where.push([
      'Each run also shows as a commit status on ',
      url(platform.links.repository, code(vcs.repo)),
      ': a failed check on the pull request (plan) or on ',
      code(vcs.branch),
      ' (apply).',
    ]);
  where.push(['The workspace page has the run, its plan and the error.']);
  return [
    p(strong('Failed applies'), ':'),
    ul(where.map((w) => li(w))),
    ...(platform.terraform.notificationUrl
      ? []
      : [
          p(
            'No run-failure notification is configured (',
            code('terraform.notificationUrl'),
            '): nobody is told when an apply fails.',
          ),
        ]),
  ];
}
