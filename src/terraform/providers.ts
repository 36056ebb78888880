/** The providers msp pins, read from `schemas/providers.json` (the versions the schemas were vendored at). */

import providerVersions from './schemas/providers.json' with { type: 'json' };

/** A provider requirement: registry source address and exact version. */
export interface ProviderRequirement {
  readonly source: string;
  readonly version: string;
}

/**
 * The providers msp pins, by local name (from `schemas/providers.json`): the version each was
 * vendored at, to put in `required_providers`.
 */
export const PROVIDERS: {
  readonly google: ProviderRequirement;
  readonly cloudflare: ProviderRequirement;
  readonly random: ProviderRequirement;
  readonly tfe: ProviderRequirement;
  readonly postgresql: ProviderRequirement;
  readonly time: ProviderRequirement;
} = providerVersions;
