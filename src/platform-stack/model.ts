/**
 * The platform output's inputs and names: what the fleet-level stacks under
 * `platform/terraform/stacks/<stack>/` are built from (the platform config and a summary of every
 * service), and the names they and the service stacks share — the runner account, the workload
 * identity provider, the Terraform Cloud projects, teams and variable sets. One place, so a
 * service stack can only refer to what the platform output creates (see `references.ts`).
 */
import type { Category, PlatformConfig } from '../platform/model.ts';
import { RUNNER_EMAIL } from '../platform/resolve.ts';
import type { ServiceSpec } from '../spec/model.ts';

/** The platform stacks, in apply order after bootstrap (docs/bootstrap.md). */
export const PLATFORM_STACK_NAMES = ['gcp', 'tfc'] as const;
export type PlatformStackName = (typeof PLATFORM_STACK_NAMES)[number];

/** The platform output's folder, relative to the fleet root. */
export const PLATFORM_OUTPUT_DIR = 'platform/terraform';

/** What the platform output needs to know of one service environment. */
export interface FleetEnvironment {
  id: string;
  category: Category;
  allowDestroys: boolean;
}

/** What the platform output needs to know of one service (from its spec or its manifest). */
export interface FleetService {
  id: string;
  name: string;
  owners: string[];
  environments: FleetEnvironment[];
}

/** What the platform output needs of a spec. */
export function fleetServiceOf(spec: ServiceSpec): FleetService {
  return {
    id: spec.id,
    name: spec.name,
    owners: [...spec.owners],
    environments: spec.environments.map((e) => ({
      id: e.id,
      category: e.category,
      allowDestroys: e.allowDestroys,
    })),
  };
}

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

/**
 * What the platform output creates that service stacks may refer to. Service stacks are
 * checked against it at generate time (`checkPlatformReferences`).
 */
export interface PlatformProvides {
  /** Terraform Cloud organisation (backend `cloud`), else undefined. */
  tfcOrganization?: string;
  runnerServiceAccount: string;
  /** Folders (`folders/<n>`) where the runner may create and manage projects. */
  folders: string[];
  /** Terraform Cloud projects. */
  tfcProjects: string[];
  /** Terraform Cloud workspaces. */
  tfcWorkspaces: string[];
  /** Terraform Cloud variable sets. */
  tfcVariableSets: string[];
  /** Terraform Cloud teams. */
  tfcTeams: string[];
}
