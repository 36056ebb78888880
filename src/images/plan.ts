/**
 * `msp resolve-images` without its IO: which `<image>:<tag>` pairs the fleet's subscription
 * environments follow (each resolved once), the resulting lock of every service, and the
 * failures as diagnostics located on the spec keys that name the tag (docs/images.md).
 */
import type { DiagnosticCode } from '../diagnostics/codes/index.ts';
import { type Diagnostic, error } from '../diagnostics/diagnostic.ts';
import type { ServiceSpec } from '../spec/model.ts';
import type { ImageLock } from './lock.ts';
import { subscriptionEnvironments } from './pin.ts';
import { type ImageRepository, imageWithTag, parseImageRepository } from './reference.ts';
import type {
  FailureKind,
  RegistryFailure,
  ResolvedDigest,
  ResolveOptions,
  ResolveResult,
} from './resolve.ts';
import { resolveDigest } from './resolve.ts';

/** A service whose subscription tags are to be resolved. */
export interface ImageService {
  spec: ServiceSpec;
  /** The spec file as shown to the user (diagnostics name it). */
  specFile: string;
}

/** One environment that follows a tag. */
interface TagUse {
  service: string;
  specFile: string;
  env: string;
  /** Index of the environment in the spec (for key paths). */
  index: number;
}

/** One `<image>:<tag>` to resolve, and every environment following it. */
export interface Resolution {
  key: string;
  repo: ImageRepository;
  tag: string;
  uses: TagUse[];
}

/**
 * The pairs to resolve, in a stable order; an image the registry API cannot address (a tag or
 * digest in `build.image`, an invalid name) is an error on `build.image`.
 */
export function planResolutions(services: readonly ImageService[]): {
  resolutions: Resolution[];
  diagnostics: Diagnostic[];
} {
  const byKey = new Map<string, Resolution>();
  const diagnostics: Diagnostic[] = [];
  for (const { spec, specFile } of services) {
    const subs = subscriptionEnvironments(spec);
    if (subs.length === 0) continue;
    const repo = parseImageRepository(spec.build.image);
    if ('problem' in repo) {
      diagnostics.push(
        error(
          'IMAGE_REFERENCE_INVALID',
          `Cannot resolve tags of \`build.image\`: ${repo.problem}`,
          ['build', 'image'],
          {
            file: specFile,
            found: JSON.stringify(spec.build.image),
            expected:
              'a repository such as `us-docker.pkg.dev/<project>/<repository>/<image>`, without tag or digest',
            hint: 'Fix `build.image`; the environments with `deploy.type: subscription` follow tags of it.',
          },
        ),
      );
      continue;
    }
    for (const s of subs) {
      const key = imageWithTag(spec.build.image, s.tag);
      let r = byKey.get(key);
      if (!r) {
        r = { key, repo, tag: s.tag, uses: [] };
        byKey.set(key, r);
      }
      r.uses.push({ service: spec.id, specFile, env: s.env, index: s.index });
    }
  }
  const resolutions = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { resolutions, diagnostics };
}

/** Resolves every pair, at most `concurrency` at a time; results by key. */
export async function resolveAll(
  resolutions: readonly Resolution[],
  opts: ResolveOptions,
  concurrency = 4,
): Promise<Map<string, ResolveResult>> {
  const results = new Map<string, ResolveResult>();
  let next = 0;
  const worker = async () => {
    while (next < resolutions.length) {
      const r = resolutions[next++]!;
      results.set(r.key, await resolveDigest(r.repo, r.tag, opts));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, resolutions.length) }, worker));
  return results;
}

const CODES: Record<FailureKind, DiagnosticCode> = {
  unauthorized: 'IMAGE_UNAUTHORIZED',
  'not-found': 'IMAGE_NOT_FOUND',
  timeout: 'IMAGE_TIMEOUT',
  network: 'IMAGE_NETWORK',
  'digest-mismatch': 'IMAGE_DIGEST_MISMATCH',
  'bad-response': 'IMAGE_BAD_RESPONSE',
  'rate-limited': 'IMAGE_RATE_LIMITED',
};

/**
 * One error per environment following a tag that could not be resolved, on its
 * `deploy.subscription.tag`: the registry URL, image, tag, HTTP status and what to do.
 */
export function failureDiagnostics(r: Resolution, f: RegistryFailure): Diagnostic[] {
  return r.uses.map((u) =>
    error(
      CODES[f.kind],
      `Cannot resolve ${r.key}: ${f.message}`,
      ['environments', u.index, 'deploy', 'subscription', 'tag'],
      {
        file: u.specFile,
        detail: `Environment \`${u.env}\`. Registry request: ${f.url}${f.status !== undefined ? ` (HTTP ${f.status})` : ''}.`,
        ...(f.status !== undefined ? { found: `HTTP ${f.status}` } : {}),
        hint: f.hint,
      },
    ),
  );
}

/** The lock of one service from the resolved digests (only its subscription environments). */
export function lockForService(spec: ServiceSpec, resolved: ReadonlyMap<string, ResolvedDigest>): ImageLock {
  const environments: ImageLock['environments'] = {};
  for (const s of subscriptionEnvironments(spec)) {
    const d = resolved.get(imageWithTag(s.image, s.tag));
    if (!d) continue;
    environments[s.env] = {
      image: s.image,
      tag: s.tag,
      digest: d.digest,
      ...(d.mediaType ? { mediaType: d.mediaType } : {}),
    };
  }
  return { environments };
}
