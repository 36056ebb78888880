/** Platform rules over `gcp`: folders, billing account, regions. */
import { error } from '../diagnostics/diagnostic.ts';
import { BILLING_ACCOUNT, FOLDER } from './constraints.ts';
import { regionsOf } from './defaults.ts';
import { CATEGORIES } from './model.ts';
import type { PlatformRule } from './rules-context.ts';

/** Each category's projects are created in its folder. */
const categoryFolders: PlatformRule = {
  name: 'category folders',
  check: (raw) =>
    CATEGORIES.flatMap((c) => {
      const f = raw.gcp.folders[c];
      if (f === undefined)
        return [
          error('PLATFORM_FOLDER_MISSING', `No folder for category \`${c}\``, ['gcp', 'folders'], {
            hint: `Add \`${c}: folders/<id>\`.`,
          }),
        ];
      if (!FOLDER.test(f))
        return [
          error('PLATFORM_FOLDER_FORMAT', 'Folder must look like `folders/<number>`', ['gcp', 'folders', c], {
            found: f,
          }),
        ];
      return [];
    }),
};

const billingAccount: PlatformRule = {
  name: 'billing account',
  check: (raw) =>
    BILLING_ACCOUNT.test(raw.gcp.billingAccount)
      ? []
      : [
          error(
            'PLATFORM_BILLING_ACCOUNT_FORMAT',
            'Billing account must look like `XXXXXX-XXXXXX-XXXXXX` (hex)',
            ['gcp', 'billingAccount'],
            { found: raw.gcp.billingAccount },
          ),
        ],
};

const defaultRegionAllowed: PlatformRule = {
  name: 'default region allowed',
  check: (raw) => {
    const { regions, defaultRegion } = regionsOf(raw);
    return regions.includes(defaultRegion)
      ? []
      : [
          error(
            'PLATFORM_DEFAULT_REGION_NOT_ALLOWED',
            `Default region "${defaultRegion}" is not in \`gcp.regions\``,
            ['gcp', 'defaultRegion'],
          ),
        ];
  },
};

/** The rules over `gcp`, in order. */
export const GCP_RULES: readonly PlatformRule[] = [categoryFolders, billingAccount, defaultRegionAllowed];
