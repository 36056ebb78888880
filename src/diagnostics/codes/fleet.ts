/**
 * Codes of the fleet stage: finding services (src/io/discover.ts), rules across services
 * (src/fleet/checks.ts) and the fleet-wide platform output's view of owners
 * (src/generate/platform.ts).
 */
import { defineCodes } from './types.ts';

export const FLEET_CODES = defineCodes({
  FLEET_UNREADABLE: {
    severity: 'error',
    meaning:
      'The services folder, a service folder or an entry in it cannot be read (permissions, an I/O error).',
    example: '`services/` or `services/api` with mode 000.',
    fix: 'Give the user running msp read permission on it.',
  },
  FLEET_BROKEN_LINK: {
    severity: 'error',
    meaning: 'An entry of `services/` is a symbolic link to nothing (reported as `FLEET_UNREADABLE` before).',
    example: '`services/api` is a symbolic link to a folder that does not exist.',
    fix: 'Point the link at an existing service folder, or remove it.',
  },
  FLEET_MISNAMED_SPEC: {
    severity: 'error',
    meaning: 'A service folder has a spec under another name (`service.yml`, `Service.yaml`).',
    example: '`services/api/service.yml`',
    fix: 'Rename it to `service.yaml`.',
  },
  FLEET_NO_SPEC: {
    severity: 'warning',
    meaning: 'A folder under `services/` has no `service.yaml`, so it is not a service.',
    example: 'An empty `services/old/` folder.',
    fix: 'Add a `service.yaml`, or remove the folder.',
  },
  FLEET_DUPLICATE_SERVICE: {
    severity: 'error',
    meaning: 'Two specs use the same service id.',
    example: '`services/api` and `services/api2` both with `id: api`.',
    fix: 'Give each service its own id and folder.',
  },
  FLEET_DUPLICATE_PROJECT: {
    severity: 'error',
    meaning: 'Two services use the same GCP project ID.',
    example: 'Two specs with `projectID: api-prod-1a2b`.',
    fix: 'Give the environment its own project ID (`msp init-env` prints one).',
  },
  FLEET_DUPLICATE_DOMAIN: {
    severity: 'error',
    meaning: 'Two services use the same domain.',
    example: 'Two specs with `subdomain: api`, `zone: acme.com`.',
    fix: 'Give each service its own subdomain.',
  },
  FLEET_OWNER_WITHOUT_TEAM: {
    severity: 'warning',
    meaning:
      "An owner team has no Terraform Cloud team, so nobody gets write access to its services' workspaces through it.",
    example: 'A spec owned by `search` and no `teams.search.terraformCloud` in platform.yaml.',
    fix: 'Map the owner: `teams: { <owner>: { terraformCloud: <team> } }`.',
  },
});
