/**
 * Which digest each subscription environment deploys, from the spec and its image lock file
 * (docs/images.md, "What generate does"). Pure.
 *
 * - An entry whose image and tag match the spec pins the digest.
 * - No entry, or an entry for another image or tag (the spec changed since the last
 *   `msp resolve-images`): a warning on the spec's `deploy.subscription.tag`, and the
 *   environment deploys the bare tag as before, so a new environment can be generated before
 *   CI has resolved it.
 * - An entry for an environment that does not subscribe: a warning on the lock file.
 */
import { type Diagnostic, warning } from '../diagnostics/diagnostic.ts';
import type { ServiceSpec } from '../spec/model.ts';
import type { ImageLock, ImageLockEntry } from './lock.ts';

/** What each subscription environment that is pinned deploys, by environment id. */
export type ImagePins = Record<string, ImageLockEntry>;

/** The subscription environments of a spec with their index (for key paths), image and tag. */
export function subscriptionEnvironments(
  spec: ServiceSpec,
): { env: string; index: number; image: string; tag: string }[] {
  const out: { env: string; index: number; image: string; tag: string }[] = [];
  spec.environments.forEach((e, index) => {
    if (e.deploy.type === 'subscription')
      out.push({ env: e.id, index, image: spec.build.image, tag: e.deploy.tag });
  });
  return out;
}

/**
 * The pins of `spec` from `lock` (undefined: no lock file), and warnings for what is not pinned
 * (on `files.spec`) and for lock entries no environment uses (on `files.lock`).
 */
export function pinImages(
  spec: ServiceSpec,
  lock: ImageLock | undefined,
  files: { spec: string; lock: string },
): { pins: ImagePins; diagnostics: Diagnostic[] } {
  const pins: ImagePins = {};
  const diagnostics: Diagnostic[] = [];
  const subs = subscriptionEnvironments(spec);
  const fix = `Run \`msp resolve-images ${spec.id}\`, then \`msp generate ${spec.id}\` (docs/images.md).`;
  for (const s of subs) {
    const entry = lock?.environments[s.env];
    const path = ['environments', s.index, 'deploy', 'subscription', 'tag'];
    if (entry && entry.image === s.image && entry.tag === s.tag) {
      pins[s.env] = entry;
      continue;
    }
    diagnostics.push(
      warning(
        'IMAGE_NOT_PINNED',
        entry
          ? `Environment \`${s.env}\` is pinned to ${entry.image}:${entry.tag}, not to ${s.image}:${s.tag}: deploying the tag unpinned`
          : `Environment \`${s.env}\` has no digest for tag \`${s.tag}\`: deploying the tag unpinned`,
        path,
        {
          file: files.spec,
          detail:
            'Without a digest, Cloud Run runs whatever the tag points at when a revision is created, and a moved tag rolls out nothing.',
          hint: fix,
          ...(lock
            ? {
                related: [
                  entry
                    ? {
                        message: 'the pin of this environment',
                        file: files.lock,
                        path: ['environments', s.env],
                      }
                    : {
                        message: 'the lock file has no pin for this environment',
                        file: files.lock,
                        path: [],
                      },
                ],
              }
            : {}),
        },
      ),
    );
  }
  const subscribed = new Set(subs.map((s) => s.env));
  for (const env of Object.keys(lock?.environments ?? {}).sort())
    if (!subscribed.has(env)) {
      const index = spec.environments.findIndex((e) => e.id === env);
      diagnostics.push(
        warning(
          'IMAGE_LOCK_UNUSED',
          index >= 0
            ? `Pin for environment \`${env}\`, which has no \`deploy.type: subscription\``
            : `Pin for environment \`${env}\`, which the spec does not declare`,
          ['environments', env],
          {
            file: files.lock,
            detail: 'The entry is ignored.',
            hint: `Run \`msp resolve-images ${spec.id}\`: it drops entries no environment uses.`,
            related: [
              index >= 0
                ? {
                    message: 'the environment is declared here',
                    file: files.spec,
                    path: ['environments', index, 'deploy'],
                  }
                : { message: 'the environments of the spec', file: files.spec, path: ['environments'] },
            ],
          },
        ),
      );
    }
  return { pins, diagnostics };
}
