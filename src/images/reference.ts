/**
 * Image references as the OCI distribution API needs them: which registry to call, over which
 * scheme, and the repository name in `/v2/<name>/manifests/<reference>` (docs/images.md). Pure.
 *
 * The rules follow the Docker reference grammar that registries and Cloud Run share: the first
 * path component is a registry host when it contains a `.` or a `:` or is `localhost`;
 * otherwise the image lives on Docker Hub (`docker.io`), whose API host is
 * `registry-1.docker.io` and whose one-component names live under `library/`.
 */

/** Where one image lives. */
export interface ImageRepository {
  /** The image as the spec writes it (`build.image`). */
  image: string;
  /** The registry host (with port) as written, `docker.io` for Docker Hub. */
  registry: string;
  /** Base URL of the registry API, e.g. `https://us-docker.pkg.dev`. */
  baseUrl: string;
  /** Repository name in API paths, e.g. `acme-dev/search/grpc`, `library/nginx`. */
  repository: string;
}

const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API = 'https://registry-1.docker.io';
// A path component of a repository name (OCI distribution spec, "name" grammar).
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;
/** Tag grammar of the distribution spec. */
export const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** Digests msp accepts and can verify: `sha256:` or `sha512:` with lower-case hex. */
export const DIGEST_PATTERN = /^(?:sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$/;

/**
 * Parses `build.image` (a repository without tag or digest). Returns the repository, or a
 * sentence saying what is wrong with it.
 */
export function parseImageRepository(image: string): ImageRepository | { problem: string } {
  if (image === '') return { problem: 'the image is empty' };
  if (/[@]/.test(image)) return { problem: 'it holds a digest (`@…`); give the repository only' };
  const parts = image.split('/');
  const first = parts[0]!;
  const hasHost = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasHost ? first : DOCKER_HUB;
  const path = hasHost ? parts.slice(1) : parts;
  if (hasHost && !HOST.test(first)) return { problem: `"${first}" is not a registry host name` };
  const last = path[path.length - 1] ?? '';
  if (last.includes(':'))
    return { problem: 'it holds a tag (`:…`); the tag comes from `deploy.subscription.tag`' };
  for (const c of path)
    if (!COMPONENT.test(c))
      return {
        problem: `"${c}" is not a valid repository name component (lower-case letters, digits, and single separators \`.\`, \`_\`, \`__\` or \`-\`)`,
      };
  const isHub =
    registry === DOCKER_HUB || registry === 'index.docker.io' || registry === 'registry-1.docker.io';
  const repository = isHub && path.length === 1 ? `library/${path[0]}` : path.join('/');
  if (repository.length > 255) return { problem: 'the repository name is longer than 255 characters' };
  return {
    image,
    registry: isHub ? DOCKER_HUB : registry,
    baseUrl: isHub ? DOCKER_HUB_API : `${schemeFor(registry)}://${registry}`,
    repository,
  };
}

/**
 * `https`, except for registries on the loopback interface (`localhost`, `127.0.0.0/8`, `[::1]`),
 * which are called over plain `http`, as Docker does by default for local registries.
 */
function schemeFor(registry: string): 'http' | 'https' {
  return isLoopbackHost(registry) ? 'http' : 'https';
}

/** Whether a host (with optional port) names the loopback interface. */
export function isLoopbackHost(hostPort: string): boolean {
  const host = hostPort.startsWith('[')
    ? hostPort.slice(0, hostPort.indexOf(']') + 1)
    : hostPort.split(':')[0]!;
  return host === 'localhost' || /^127(?:\.[0-9]{1,3}){3}$/.test(host) || host === '[::1]';
}

/** Whether the registry is Google's (Artifact Registry or Container Registry). */
export function isGoogleRegistry(registry: string): boolean {
  const host = registry.split(':')[0]!.toLowerCase();
  return host.endsWith('-docker.pkg.dev') || host === 'gcr.io' || host.endsWith('.gcr.io');
}

/** `<image>:<tag>` for messages. */
export function imageWithTag(image: string, tag: string): string {
  return `${image}:${tag}`;
}
