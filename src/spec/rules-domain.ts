/**
 * Rules of an environment's `domain` block (services only): the Cloudflare block is complete,
 * its names are DNS names the platform allows, and no two environments share a domain.
 */
import { type Diagnostic, error, warning } from '../diagnostics/diagnostic.ts';
import { suggest } from '../diagnostics/suggest.ts';
import { NAMING_RULES } from '../terraform/naming-rules.ts';
import { DNS_ZONE, SUBDOMAIN } from './constraints.ts';
import {
  type EnvironmentContext,
  type EnvironmentRule,
  firstAt,
  type RuleContext,
  type ServiceRule,
} from './rules-context.ts';

function checkDomain({ env, kind, at, platform }: EnvironmentContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const dom = env.domain;
  if (!dom || kind !== 'service') return out;
  const type = dom.type ?? 'none';
  const cf = dom.cloudflare;
  if (type !== 'cloudflare') {
    if (cf)
      out.push(
        warning(
          'SPEC_DOMAIN_IGNORED',
          '`cloudflare` block is ignored because domain type is `none`',
          at('domain', 'cloudflare'),
          {
            detail: 'MSP still set EXTERNAL_DNS_NAME from it (an upstream quirk); we do not.',
            hint: 'Set `type: cloudflare` or remove the block.',
          },
        ),
      );
    return out;
  }
  if (!cf)
    return [
      error(
        'SPEC_DOMAIN_CLOUDFLARE_MISSING',
        'Domain type `cloudflare` needs a `cloudflare` block',
        at('domain', 'type'),
        {
          upstream: 'domain type "cloudflare" specified but Cloudflare configuration is nil',
          hint: 'Add `cloudflare: { subdomain: <name>, zone: <zone> }`.',
        },
      ),
    ];
  for (const k of ['subdomain', 'zone'] as const)
    if (cf[k] === '')
      out.push(
        error('SPEC_DOMAIN_NAME_EMPTY', `\`cloudflare.${k}\` must be set`, at('domain', 'cloudflare', k), {
          upstream: `domain type "cloudflare" requires 'cloudflare.subdomain' and 'cloudflare.zone' to be set`,
        }),
      );
  if (cf.subdomain !== '' && !SUBDOMAIN.test(cf.subdomain))
    out.push(
      error(
        'SPEC_DOMAIN_SUBDOMAIN_INVALID',
        `Invalid subdomain "${cf.subdomain}"`,
        at('domain', 'cloudflare', 'subdomain'),
        {
          expected: 'DNS labels: lowercase letters, digits, hyphens',
        },
      ),
    );
  const zoneOk = cf.zone === '' || DNS_ZONE.test(cf.zone);
  if (!zoneOk)
    out.push(
      error(
        'SPEC_DOMAIN_ZONE_INVALID',
        `Invalid zone ${JSON.stringify(cf.zone)}`,
        at('domain', 'cloudflare', 'zone'),
        {
          expected:
            'a DNS name: two or more dot-separated labels of lowercase letters, digits and inner hyphens (e.g. acme.com)',
          hint: 'Use the zone name exactly as the Cloudflare dashboard shows it, without spaces, a scheme or a Terraform interpolation.',
        },
      ),
    );
  if (zoneOk && cf.subdomain && cf.zone) {
    // The record's full name, by the same rule the schema check applies at generate time.
    const rule = NAMING_RULES.cloudflare_dns_record?.name;
    const full = `${cf.subdomain}.${cf.zone}`;
    if (rule && full.length > rule.max)
      out.push(
        error(
          'SPEC_DOMAIN_TOO_LONG',
          `Domain "${full}" is ${full.length} characters, a ${rule.what} allows at most ${rule.max}`,
          at('domain', 'cloudflare', 'subdomain'),
          { expected: `at most ${rule.max} characters`, hint: 'Use a shorter subdomain.' },
        ),
      );
  }
  if (zoneOk && cf.zone !== '' && platform.cloudflare.zones && !platform.cloudflare.zones.includes(cf.zone)) {
    const s = suggest(cf.zone, platform.cloudflare.zones);
    out.push(
      error(
        'SPEC_DOMAIN_ZONE_NOT_ALLOWED',
        `Zone "${cf.zone}" is not an allowed Cloudflare zone`,
        at('domain', 'cloudflare', 'zone'),
        {
          expected: `one of ${platform.cloudflare.zones.join(', ')}`,
          hint: s
            ? `Did you mean "${s}"?`
            : 'Allowed zones are set in the platform config (`cloudflare.zones`).',
        },
      ),
    );
  }
  return out;
}

/** No two environments of the spec use the same domain; the repetition notes the first. */
function checkDomainsUnique({ spec, kind }: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (kind !== 'service') return out;
  const first = new Map<string, number>();
  (spec.environments ?? []).forEach((env, i) => {
    const cf = env.domain?.cloudflare;
    if ((env.domain?.type ?? 'none') !== 'cloudflare' || !cf?.subdomain || !cf.zone) return;
    const dns = `${cf.subdomain}.${cf.zone}`;
    const seen = first.get(dns);
    if (seen === undefined) {
      first.set(dns, i);
      return;
    }
    out.push(
      error(
        'SPEC_DUPLICATE_DOMAIN',
        `Domain "${dns}" is already used by another environment`,
        ['environments', i, 'domain', 'cloudflare', 'subdomain'],
        {
          upstream: `domain "${dns}" is configured more than once across environments`,
          related: firstAt(['environments', seen, 'domain', 'cloudflare', 'subdomain'], 'first used here'),
        },
      ),
    );
  });
  return out;
}

export const DOMAIN_SET_RULES: readonly ServiceRule[] = [
  { name: 'domains are unique', check: checkDomainsUnique },
];

export const DOMAIN_RULES: readonly EnvironmentRule[] = [{ name: 'domain', check: checkDomain }];
