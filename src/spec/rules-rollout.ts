/** Rules of the `rollout` block: kind, stages and the environments they name, service account. */
import { type Diagnostic, error, type KeyPath } from '../diagnostics/diagnostic.ts';
import { suggest } from '../diagnostics/suggest.ts';
import type { RuleContext, ServiceRule } from './rules-context.ts';

function checkRolloutKind({ spec, kind }: RuleContext): Diagnostic[] {
  if (!spec.rollout || kind !== 'job') return [];
  return [
    error('SPEC_ROLLOUT_FOR_JOB', 'Rollouts are only for kind service', ['rollout'], {
      detail: "Jobs cannot use deploy type 'rollout'.",
      hint: 'Remove `rollout`.',
    }),
  ];
}

function checkRolloutStages({ spec }: RuleContext): Diagnostic[] {
  const r = spec.rollout;
  if (!r) return [];
  if (r.stages.length === 0)
    return [
      error('SPEC_ROLLOUT_NO_STAGES', 'Rollout has no stages', ['rollout', 'stages'], {
        upstream: 'rollout spec is defined but contains no stages',
        hint: 'List environments under `stages`, or remove `rollout`.',
      }),
    ];
  const out: Diagnostic[] = [];
  const envs = spec.environments ?? [];
  const seen = new Set<string>();
  r.stages.forEach((s, i) => {
    const path: KeyPath = ['rollout', 'stages', i, 'environment'];
    const index = envs.findIndex((e) => e.id === s.environment);
    const env = envs[index];
    if (!env) {
      const sg = suggest(
        s.environment,
        envs.map((e) => e.id),
      );
      out.push(
        error(
          'SPEC_ROLLOUT_UNKNOWN_ENV',
          `Rollout stage references unknown environment "${s.environment}"`,
          path,
          {
            upstream: `rollout stage references unknown environment "${s.environment}"`,
            hint: sg ? `Did you mean "${sg}"?` : undefined,
          },
        ),
      );
    } else if (env.deploy.type !== 'rollout' && !seen.has(s.environment))
      // Once per environment, like MSP: a repeated stage reports only the repetition.
      out.push(
        error(
          'SPEC_ROLLOUT_STAGE_NOT_ROLLOUT',
          `Environment "${env.id}" is a rollout stage, so its deploy type must be \`rollout\``,
          path,
          {
            upstream: `environment "${env.id}" is referenced in a rollout stage - deploy type must be 'rollout'`,
            hint: "Set the environment's `deploy.type` to `rollout`.",
            related: [
              {
                message: "the environment's deploy type",
                file: '',
                path: ['environments', index, 'deploy', 'type'],
              },
            ],
          },
        ),
      );
    if (seen.has(s.environment))
      out.push(
        error(
          'SPEC_ROLLOUT_STAGE_REPEATED',
          `Rollout stage references environment "${s.environment}" more than once`,
          path,
          {
            upstream: `rollout stage references environment "${s.environment}" more than once`,
          },
        ),
      );
    seen.add(s.environment);
  });
  return out;
}

function checkRolloutServiceAccount({ spec }: RuleContext): Diagnostic[] {
  const sa = spec.rollout?.serviceAccount;
  if (
    sa === undefined ||
    /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z0-9.-]+\.iam\.gserviceaccount\.com$/.test(sa) ||
    /^[^@\s]+@[^@\s]+$/.test(sa)
  )
    return [];
  return [
    error(
      'SPEC_ROLLOUT_SERVICE_ACCOUNT',
      'rollout.serviceAccount must be a service account email',
      ['rollout', 'serviceAccount'],
      {
        found: sa,
      },
    ),
  ];
}

/** Rules of the rollout, in the order they run; skipped for a partial spec. */
export const ROLLOUT_RULES: readonly ServiceRule[] = [
  { name: 'rollout kind', check: checkRolloutKind },
  { name: 'rollout stages', check: checkRolloutStages },
  { name: 'rollout service account', check: checkRolloutServiceAccount },
];
