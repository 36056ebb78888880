/**
 * The annotated `platform.yaml` that `msp init` writes into a new fleet. Pure.
 *
 * Every organisation value is a placeholder the existing mechanism reports
 * (src/platform/placeholders.ts): a `TODO` where the key takes free text, the built-in
 * placeholder value where the key has a format `TODO` would break (billing account, folders,
 * Terraform Cloud organisation, project number), and the runner account left out (a made-up
 * default, also reported). So the new fleet validates with warnings naming each key, and
 * `msp generate` refuses to write Terraform until they are filled in (docs/getting-started.md).
 */
import { modeline } from '../schema/modeline.ts';
import { BUILTIN_PLATFORM, DEFAULT_REGIONS } from './model.ts';

interface NewPlatform {
  /** Organisation name; `TODO` when not given. */
  organization?: string;
  /** Modeline target: the fleet's platform schema, relative to platform.yaml. */
  schemaRef: string;
}

/** A YAML double-quoted scalar (JSON strings are valid YAML). */
const q = (s: string) => JSON.stringify(s);

/** The text of a new fleet's platform.yaml. */
export function scaffoldPlatform(p: NewPlatform): string {
  const b = BUILTIN_PLATFORM;
  const org = p.organization?.trim() ? q(p.organization.trim()) : 'TODO-organisation-name';
  const regions = DEFAULT_REGIONS.slice(0, 3);
  return `${modeline(p.schemaRef)}
# Platform config: the organisation settings every service of this fleet shares.
# Written by \`msp init\`. Values marked TODO and the built-in placeholder values (marked
# "placeholder") are yours to fill in: \`msp validate\` lists each one as a warning, and
# \`msp generate\` refuses to write Terraform until they are real. Every key is described by
# \`msp schema --platform\` and by schema/platform.schema.json (your editor reads it).
organization:
  ${`name: ${org}`.padEnd(32)}# used in the operations docs
  domain: TODO.example.com        # your Google Workspace domain
gcp:
  billingAccount: ${b.gcp.billingAccount}   # placeholder: your billing account (XXXXXX-XXXXXX-XXXXXX)
  folders:                                 # placeholders: the folder of each environment category
    test: ${b.gcp.folders.test}
    internal: ${b.gcp.folders.internal}
    external: ${b.gcp.folders.external}
  regions: [${regions.join(', ')}]   # regions services may use
  defaultRegion: ${regions[0]}
terraform:
  backend:
    type: cloud                     # or gcs (bucket:) or local
    organization: ${(b.terraform.backend as { organization: string }).organization}       # placeholder: your Terraform Cloud organisation
  vcs:
    repo: TODO-owner/TODO-repository   # this fleet's repository (owner/name)
  # The service account that runs Terraform; until it is set, a made-up one is used (a warning):
  # runnerServiceAccount: terraform@your-ci-project.iam.gserviceaccount.com
  dynamicCredentials:
    projectNumber: "${b.terraform.dynamicCredentials?.projectNumber}"   # placeholder: the runner project's number
access:
  engineersGroup: ${b.access.engineersGroup}   # placeholder: the group of all engineers
  elevated:
    # Where engineers request time-boxed access; {project}, {role}, {duration}, {service}, {env}.
    requestUrl: https://TODO.example.com/request?project={project}&role={role}&duration={duration}&service={service}&env={env}
notifications:
  # Platform-wide alert channels: the fallback for owner teams without channels of their own.
  channels:
    - id: alerts-email
      type: email
      labels:
        email_address: alerts@TODO.example.com
      severities: [WARNING, CRITICAL]
    - id: oncall-pager
      type: pagerduty
      sensitiveLabels:
        serviceKey: { project: TODO-secrets-project, secret: PAGERDUTY_SERVICE_KEY }
      severities: [CRITICAL]
      categories: [internal, external]
      paging: true
# Owner teams (the names in \`service.owners\`): their Terraform Cloud team and alert channels.
# teams:
#   core-services:
#     terraformCloud: core-services
links:
  repository: https://github.com/TODO-owner/TODO-repository
`;
}
