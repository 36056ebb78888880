/**
 * Where a container image lives, for the image-pull grants: Container Registry (`gcr.io`,
 * `<region>.gcr.io`) and Artifact Registry (`<location>-docker.pkg.dev`) images name their GCP
 * project in the second path segment.
 */

/**
 * The GCP project holding `image` when it is in a Google registry, else undefined. Requires a
 * registry host and at least three `/`-separated parts (`host/project/name…`). MSP matched only
 * `*.gcr.io` hosts; the bare `gcr.io` host is recognised too.
 */
export function imageRegistryProject(image: string): string | undefined {
  const parts = image.split('/');
  if (parts.length < 3) return undefined;
  const host = parts[0]!.toLowerCase();
  const isRegistry = host === 'gcr.io' || host.endsWith('.gcr.io') || host.endsWith('-docker.pkg.dev');
  const project = parts[1]!;
  return isRegistry && project !== '' ? project : undefined;
}
