/**
 * Names of the platform output (the fleet-level stacks under `platform/terraform/stacks/<stack>/`)
 * that the platform stacks, the service stacks, bootstrap, commands, docs and URLs share — the
 * runner account, the workload identity provider, the platform workspaces and the Terraform Cloud
 * variable sets. One place, so a service stack can only refer to what the platform output creates
 * (`src/platform-stack/references.ts`).
 */

import { RUNNER_EMAIL } from '../platform/constraints.ts';
import type { PlatformConfig } from '../platform/model.ts';

/** The platform stacks, in apply order after bootstrap (docs/bootstrap.md). */
export const PLATFORM_STACK_NAMES = ['gcp', 'tfc'] as const;
export type PlatformStackName = (typeof PLATFORM_STACK_NAMES)[number];

/** The platform output's folder, relative to the fleet root. */
export const PLATFORM_OUTPUT_DIR = 'platform/terraform';

/** Directory of a platform stack, relative to the fleet root. */
export function platformStackDir(stack: PlatformStackName): string {
  return `${PLATFORM_OUTPUT_DIR}/stacks/${stack}`;
}

/** Workspace (Terraform Cloud) or state key of a platform stack: `<tfc project>-<stack>`. */
export function platformWorkspaceName(platform: PlatformConfig, stack: PlatformStackName): string {
  return `${platform.terraform.cloud.project}-${stack}`;
}

/** The Terraform runner, split into account ID and project (validated in the platform config). */
export function runnerIdentity(platform: PlatformConfig): {
  accountId: string;
  project: string;
  email: string;
} {
  const email = platform.terraform.runnerServiceAccount;
  const m = RUNNER_EMAIL.exec(email);
  return { accountId: m?.[1] ?? '', project: m?.[2] ?? '', email };
}

/** Full name of the workload identity provider, as `TFC_GCP_WORKLOAD_PROVIDER_NAME` wants it. */
export function workloadProviderName(platform: PlatformConfig): string {
  const dc = platform.terraform.dynamicCredentials;
  return `projects/${dc.projectNumber ?? ''}/locations/global/workloadIdentityPools/${dc.poolId}/providers/${dc.providerId}`;
}

/** The variable set holding the `TFC_GCP_*` variables, attached to every workspace that runs GCP resources. */
export const GCP_CREDENTIALS_VARIABLE_SET = 'msp-gcp-dynamic-credentials';
/** The variable set holding `TFE_TOKEN` for the environments' `tfcworkspaces` workspaces. */
export const WORKSPACE_MANAGER_VARIABLE_SET = 'msp-workspace-manager-token';

/** The environment variables of Terraform Cloud's GCP dynamic provider credentials. */
export function gcpCredentialVariables(platform: PlatformConfig): Record<string, string> {
  return {
    TFC_GCP_PROVIDER_AUTH: 'true',
    TFC_GCP_RUN_SERVICE_ACCOUNT_EMAIL: platform.terraform.runnerServiceAccount,
    TFC_GCP_WORKLOAD_PROVIDER_NAME: workloadProviderName(platform),
  };
}

/** The Terraform Cloud team of an owner, when the platform config maps one. */
export function ownerTfcTeam(platform: PlatformConfig, owner: string): string | undefined {
  return platform.teams[owner]?.terraformCloud;
}
