/**
 * Platform rules over `terraform`: the state backend, the workspace pattern, the runner and the
 * platform output's Terraform Cloud settings and dynamic credentials.
 */
import { type Diagnostic, error, type KeyPath } from '../diagnostics/diagnostic.ts';
import {
  PROJECT_NUMBER,
  RUNNER_EMAIL,
  TFC_OWNERS_TEAM,
  TFC_PROJECT_NAME,
  TFC_TEAM_NAME,
  WORKLOAD_IDENTITY_ID,
  WORKSPACE_TOKENS,
} from './constraints.ts';
import { terraformCloudTeamsOf, workspacePatternOf } from './defaults.ts';
import { DEFAULT_TFC, DEFAULT_WORKLOAD_IDENTITY_ID } from './model.ts';
import type { PlatformRule } from './rules-context.ts';

const BACKEND: KeyPath = ['terraform', 'backend'];

/** The key each backend type needs. */
const backendRequiredKeys: PlatformRule = {
  name: 'backend required keys',
  check: ({ terraform: { backend: b } }) => {
    if (b.type === 'cloud' && !b.organization)
      return [
        error(
          'PLATFORM_BACKEND_ORGANIZATION_MISSING',
          'Backend `cloud` needs `organization`',
          [...BACKEND, 'organization'],
          { hint: 'Set the Terraform Cloud organisation name.' },
        ),
      ];
    if (b.type === 'gcs' && !b.bucket)
      return [
        error('PLATFORM_BACKEND_BUCKET_MISSING', 'Backend `gcs` needs `bucket`', [...BACKEND, 'bucket']),
      ];
    return [];
  },
};

/** Keys of another backend type. */
const backendUnusedKeys: PlatformRule = {
  name: 'backend unused keys',
  check: ({ terraform: { backend: b } }) => {
    const allowed: readonly string[] =
      b.type === 'cloud' ? ['hostname', 'organization'] : b.type === 'gcs' ? ['bucket', 'prefix'] : [];
    return (['hostname', 'organization', 'bucket', 'prefix'] as const)
      .filter((key) => b[key] !== undefined && !allowed.includes(key))
      .map((key) =>
        error(
          'PLATFORM_UNUSED_KEY',
          `\`${key}\` does not apply to backend \`${b.type}\``,
          [...BACKEND, key],
          {
            hint: `Remove it, or change \`type\`.`,
          },
        ),
      );
  },
};

/** One workspace (or state) per stack of every environment. */
const workspacePatternTokens: PlatformRule = {
  name: 'workspace pattern tokens',
  check: (raw) => {
    const pattern = workspacePatternOf(raw);
    return WORKSPACE_TOKENS.filter((token) => !pattern.includes(token)).map((token) =>
      error(
        'PLATFORM_WORKSPACE_PATTERN_TOKEN',
        `Workspace pattern must contain ${token}`,
        [...BACKEND, 'workspacePattern'],
        { found: pattern, detail: 'Every stack of every environment needs its own workspace or state.' },
      ),
    );
  },
};

/** A Terraform Cloud team name, wherever one is given. */
function checkTeamName(name: string, path: KeyPath): Diagnostic[] {
  if (!TFC_TEAM_NAME.test(name))
    return [
      error('PLATFORM_TFC_TEAM_NAME', 'Terraform Cloud team names use letters, digits, `-` and `_`', path, {
        found: name,
        hint: 'Rename the team, e.g. `platform-operators`.',
      }),
    ];
  if (name === TFC_OWNERS_TEAM)
    return [
      error('PLATFORM_TFC_OWNERS_TEAM', 'The `owners` team cannot be managed by the platform output', path, {
        detail:
          "Terraform Cloud's owners team already has every permission and cannot be given project access.",
        hint: 'Name a team of its own, e.g. `platform-operators`.',
      }),
    ];
  return [];
}

const terraformCloudTeamNames: PlatformRule = {
  name: 'Terraform Cloud team names',
  check: (raw) =>
    Object.entries(terraformCloudTeamsOf(raw)).flatMap(([role, name]) =>
      checkTeamName(name, ['terraform', 'cloud', 'teams', role]),
    ),
};

const ownerTeamNames: PlatformRule = {
  name: 'owner team Terraform Cloud names',
  check: (raw) =>
    Object.keys(raw.teams ?? {})
      .sort()
      .flatMap((owner) => {
        const name = raw.teams![owner]!.terraformCloud;
        return name === undefined ? [] : checkTeamName(name, ['teams', owner, 'terraformCloud']);
      }),
};

/** Each role of the platform output has its own team: their rights differ. */
const terraformCloudTeamsDistinct: PlatformRule = {
  name: 'Terraform Cloud teams distinct',
  check: (raw) => {
    const roles = Object.entries(terraformCloudTeamsOf(raw));
    const out: Diagnostic[] = [];
    for (let i = 0; i < roles.length; i++)
      for (let j = 0; j < i; j++)
        if (roles[i]![1] === roles[j]![1])
          out.push(
            error(
              'PLATFORM_DUPLICATE_TFC_TEAM',
              `Team "${roles[i]![1]}" is both \`${roles[j]![0]}\` and \`${roles[i]![0]}\``,
              ['terraform', 'cloud', 'teams', roles[i]![0]],
              { hint: 'Each role needs its own team: their rights differ.' },
            ),
          );
    return out;
  },
};

const terraformCloudProjectName: PlatformRule = {
  name: 'Terraform Cloud project name',
  check: (raw) => {
    const project = raw.terraform.cloud?.project ?? DEFAULT_TFC.project;
    return TFC_PROJECT_NAME.test(project)
      ? []
      : [
          error(
            'PLATFORM_TFC_PROJECT_NAME',
            'Terraform Cloud project names are 3–40 letters, digits, spaces, `-` or `_`',
            ['terraform', 'cloud', 'project'],
            { found: project },
          ),
        ];
  },
};

const DYNAMIC: KeyPath = ['terraform', 'dynamicCredentials'];

const runnerProjectNumber: PlatformRule = {
  name: 'runner project number',
  check: (raw) => {
    const n = raw.terraform.dynamicCredentials?.projectNumber;
    return n === undefined || PROJECT_NUMBER.test(n)
      ? []
      : [
          error(
            'PLATFORM_PROJECT_NUMBER_FORMAT',
            'A project number is digits only',
            [...DYNAMIC, 'projectNumber'],
            {
              found: n,
              hint: "Find it with `gcloud projects describe <project> --format='value(projectNumber)'`.",
            },
          ),
        ];
  },
};

const workloadIdentityIds: PlatformRule = {
  name: 'workload identity IDs',
  check: (raw) => {
    const given = raw.terraform.dynamicCredentials;
    return (
      [
        ['poolId', given?.poolId ?? DEFAULT_WORKLOAD_IDENTITY_ID],
        ['providerId', given?.providerId ?? DEFAULT_WORKLOAD_IDENTITY_ID],
      ] as const
    )
      .filter(([, v]) => !WORKLOAD_IDENTITY_ID.test(v))
      .map(([key, v]) =>
        error(
          'PLATFORM_WORKLOAD_IDENTITY_ID',
          'Workload identity IDs are 4–32 lowercase letters, digits and `-`',
          [...DYNAMIC, key],
          {
            found: v,
            detail: 'They start with a letter, do not end with `-` and may not start with `gcp-`.',
          },
        ),
      );
  },
};

const runnerServiceAccount: PlatformRule = {
  name: 'runner service account',
  check: (raw) => {
    const runner = raw.terraform.runnerServiceAccount;
    return runner === undefined || RUNNER_EMAIL.test(runner)
      ? []
      : [
          error(
            'PLATFORM_RUNNER_ACCOUNT_FORMAT',
            'The runner must be a service account `<id>@<project>.iam.gserviceaccount.com`',
            ['terraform', 'runnerServiceAccount'],
            {
              found: runner,
              detail:
                'The platform output creates this account in that project and lets Terraform Cloud runs act as it.',
            },
          ),
        ];
  },
};

/** The rules over `terraform` (and the owner teams' Terraform Cloud names), in order. */
export const TERRAFORM_RULES: readonly PlatformRule[] = [
  backendRequiredKeys,
  backendUnusedKeys,
  workspacePatternTokens,
  runnerServiceAccount,
  terraformCloudTeamNames,
  terraformCloudTeamsDistinct,
  terraformCloudProjectName,
  ownerTeamNames,
  runnerProjectNumber,
  workloadIdentityIds,
];
