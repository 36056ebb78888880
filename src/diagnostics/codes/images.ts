/**
 * Codes of subscription image pinning (src/images/, `msp resolve-images`, and `msp generate`
 * reading `images.lock.yaml`; docs/images.md).
 */
import { defineCodes } from './types.ts';

export const IMAGE_CODES = defineCodes({
  IMAGE_NOT_PINNED: {
    severity: 'warning',
    meaning:
      'A `deploy.type: subscription` environment has no digest in `images.lock.yaml` for its image and tag (no lock file, no entry, or an entry for another image or tag): it deploys the bare tag, and a moved tag rolls out nothing.',
    example:
      'A new environment with `subscription: {tag: insiders}` generated before `msp resolve-images` ran.',
    fix: 'Run `msp resolve-images <service>`, then `msp generate <service>`.',
  },
  IMAGE_LOCK_UNUSED: {
    severity: 'warning',
    meaning:
      'The lock file pins an environment that does not have `deploy.type: subscription`; the entry is ignored.',
    example: 'An environment switched from `subscription` to `manual` after its tag was resolved.',
    fix: 'Run `msp resolve-images <service>`: it drops entries no environment uses.',
  },
  IMAGE_LOCK_UNREADABLE: {
    severity: 'error',
    meaning:
      'The lock file cannot be read as YAML (syntax, encoding, size, duplicate keys); a broken lock pins nothing, so nothing is generated for the service.',
    example: '`environments: [` in `images.lock.yaml`.',
    fix: 'Run `msp resolve-images <service>` to rewrite the file (or restore it from git).',
  },
  IMAGE_LOCK_INVALID: {
    severity: 'error',
    meaning:
      'The lock file or one of its entries does not have the format: not a mapping, `environments` not a mapping, an entry without `image`, `tag` or `digest`, a `mediaType` that is not a string.',
    example: '`environments: {prod: {image: a.io/x, tag: v1}}` (no digest).',
    fix: 'Run `msp resolve-images <service>` to rewrite the file.',
  },
  IMAGE_LOCK_VERSION: {
    severity: 'error',
    meaning:
      'The lock file has no `lockVersion`, or one this msp does not read (reported as `IMAGE_LOCK_INVALID` before).',
    example: '`lockVersion: 2` written by a newer msp.',
    fix: 'Run `msp resolve-images <service>` with this msp to rewrite the file, or upgrade msp.',
  },
  IMAGE_LOCK_TAG_INVALID: {
    severity: 'error',
    meaning:
      "An entry's `tag` is not a valid image tag: letters, digits, `_`, `.`, `-`, at most 128 characters (reported as `IMAGE_LOCK_INVALID` before).",
    example: '`tag: "v1 beta"`',
    fix: 'Run `msp resolve-images <service>` to rewrite the file.',
  },
  IMAGE_LOCK_DIGEST_INVALID: {
    severity: 'error',
    meaning:
      "An entry's `digest` is not `sha256:` followed by 64 lower-case hex digits (reported as `IMAGE_LOCK_INVALID` before).",
    example: '`digest: "sha256:abc"`',
    fix: 'Run `msp resolve-images <service>` to rewrite the file.',
  },
  IMAGE_LOCK_UNKNOWN_KEY: {
    severity: 'error',
    meaning: 'A key the lock file format does not have.',
    example: '`digets: sha256:…` in an environment entry.',
    fix: 'Run `msp resolve-images <service>` to rewrite the file.',
  },
  IMAGE_REFERENCE_INVALID: {
    severity: 'error',
    meaning:
      '`build.image` of a service with subscription environments cannot be addressed through the registry API: it holds a tag or digest, or is not a valid repository name.',
    example: '`build: {image: us-docker.pkg.dev/acme/api:v1}`',
    fix: 'Give the repository only; the tag comes from `deploy.subscription.tag`.',
  },
  IMAGE_NOT_FOUND: {
    severity: 'error',
    meaning: 'The registry answered 404: the tag (or the repository) does not exist.',
    example: '`subscription: {tag: insider}` where only `insiders` was pushed.',
    fix: 'Push the tag first, or fix `deploy.subscription.tag` or `build.image`.',
  },
  IMAGE_UNAUTHORIZED: {
    severity: 'error',
    meaning:
      'The registry or its token endpoint refused access (401/403): no credentials for a private image, credentials refused, a token refused, or credentials asked for over plain HTTP.',
    example: 'A private Artifact Registry repository without `MSP_REGISTRY_TOKEN`.',
    fix: 'Set `MSP_REGISTRY_TOKEN` (Google registries) or add the registry to the Docker config `auths` (docs/images.md).',
  },
  IMAGE_TIMEOUT: {
    severity: 'error',
    meaning: 'A registry request got no answer within `--timeout` seconds.',
    example: 'A registry behind a firewall that drops packets.',
    fix: 'Check that CI can reach the registry, or raise `--timeout`.',
  },
  IMAGE_NETWORK: {
    severity: 'error',
    meaning: 'The registry cannot be reached: DNS failure, connection refused, TLS error.',
    example: 'A typo in the registry host of `build.image`.',
    fix: 'Check the registry host in `build.image`, DNS and the network between CI and the registry.',
  },
  IMAGE_DIGEST_MISMATCH: {
    severity: 'error',
    meaning: "The manifest's bytes do not hash to the digest the registry claims; nothing is pinned.",
    example: 'A proxy that rewrites registry answers.',
    fix: 'Retry; if it persists, check proxies between CI and the registry.',
  },
  IMAGE_RATE_LIMITED: {
    severity: 'error',
    meaning: 'The registry or its token endpoint answered 429 (Docker Hub limits anonymous pulls).',
    example: 'Many anonymous Docker Hub resolutions from one address.',
    fix: 'Wait and retry, or configure credentials for the registry.',
  },
  IMAGE_BAD_RESPONSE: {
    severity: 'error',
    meaning:
      'The registry answered something msp cannot use: another status, a malformed digest or token answer, a Docker schema 1 manifest.',
    example: 'A 503 from the registry.',
    fix: 'Check that `build.image` points at an OCI distribution registry; retry later.',
  },
});
