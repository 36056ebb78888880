/**
 * The platform output's inputs: what the fleet-level stacks under
 * `platform/terraform/stacks/<stack>/` are built from (the platform config and a summary of every
 * service) and what they provide to service stacks (checked by `references.ts`). The names they
 * and the service stacks share are in `src/naming/platform-names.ts`.
 */
import type { Category } from '../platform/model.ts';
import type { ServiceSpec } from '../spec/model.ts';

/** What the platform output needs to know of one service environment. */
interface FleetEnvironment {
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
