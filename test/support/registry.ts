/**
 * A throwaway Debian `docker-registry` (the CNCF distribution registry, 2.8) on 127.0.0.1 for
 * `msp resolve-images` tests, and a minimal OCI pusher over its HTTP API (blob upload + manifest
 * PUT). `scripts/install-docker-registry.sh` installs the package (`npm test` and CI call it).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The registry binary: /usr/bin/docker-registry (Debian) or one on PATH; undefined when missing. */
export function findDockerRegistry(): string | undefined {
  const dirs = ['/usr/bin', ...(process.env.PATH ?? '').split(delimiter)].filter(Boolean);
  for (const d of dirs) {
    const candidate = join(d, 'docker-registry');
    const r = spawnSync(candidate, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    if (r.status === 0) return candidate;
  }
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface TestRegistry {
  /** `127.0.0.1:<port>`, the registry host of image names. */
  host: string;
  url: string;
  dir: string;
  stop(): Promise<void>;
  log(): string;
}

/**
 * Starts the registry with a config written here: loopback only, a temp storage folder, no
 * auth unless `auth` adds a section (YAML lines under `auth:`). Resolves once `/v2/` answers.
 */
export async function startRegistry(
  binary: string,
  opts: { auth?: string; files?: Record<string, string> } = {},
): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'msp-registry-'));
  const port = await freePort();
  for (const [name, content] of Object.entries(opts.files ?? {})) writeFileSync(join(dir, name), content);
  writeFileSync(
    join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log:',
      '  level: warn',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${port}`,
      `  secret: ${createHash('sha256').update(dir).digest('hex').slice(0, 32)}`,
      ...(opts.auth ? ['auth:', opts.auth] : []),
      '',
    ].join('\n'),
  );
  let output = '';
  const child: ChildProcess = spawn(binary, ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '' },
  });
  child.stdout?.on('data', (b) => {
    output += b;
  });
  child.stderr?.on('data', (b) => {
    output += b;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`docker-registry exited at start:\n${output}`);
    }
    try {
      const r = await fetch(`${url}/v2/`);
      if (r.status === 200 || r.status === 401) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`docker-registry did not answer on ${url} within 20 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { host: `127.0.0.1:${port}`, url, dir, stop, log: () => output };
}

const sha256 = (b: Uint8Array | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** Uploads a blob (POST, then a monolithic PUT with its digest); returns its digest and size. */
export async function pushBlob(
  url: string,
  repository: string,
  content: string,
  headers: Record<string, string> = {},
): Promise<{ digest: string; size: number }> {
  const digest = sha256(content);
  const start = await fetch(`${url}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers });
  if (start.status !== 202) throw new Error(`blob upload start: HTTP ${start.status} ${await start.text()}`);
  const location = new URL(start.headers.get('location')!, url);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    body: content,
  });
  if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status} ${await put.text()}`);
  return { digest, size: Buffer.byteLength(content) };
}

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

/**
 * Pushes a one-layer OCI image manifest under `tag` (its config and layer blobs first); `seed`
 * makes each image different. Returns the manifest digest, computed here from the bytes sent.
 */
export async function pushImage(
  url: string,
  repository: string,
  tag: string,
  seed: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const config = await pushBlob(
    url,
    repository,
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Labels: { seed } },
      rootfs: { type: 'layers', diff_ids: [] },
    }),
    headers,
  );
  const layer = await pushBlob(url, repository, `layer ${seed}`, headers);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layer }],
  });
  return putManifest(url, repository, tag, manifest, OCI_MANIFEST, headers);
}

/** Pushes an OCI index (multi-platform image) of the given manifests under `tag`. */
export async function pushIndex(
  url: string,
  repository: string,
  tag: string,
  manifests: { digest: string; size: number }[],
  headers: Record<string, string> = {},
): Promise<string> {
  const index = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: manifests.map((m) => ({
      mediaType: OCI_MANIFEST,
      ...m,
      platform: { architecture: 'amd64', os: 'linux' },
    })),
  });
  return putManifest(url, repository, tag, index, OCI_INDEX, headers);
}

async function putManifest(
  url: string,
  repository: string,
  tag: string,
  body: string,
  mediaType: string,
  headers: Record<string, string>,
): Promise<string> {
  const r = await fetch(`${url}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': mediaType },
    body,
  });
  if (r.status !== 201) throw new Error(`manifest PUT: HTTP ${r.status} ${await r.text()}`);
  const digest = sha256(body);
  const said = r.headers.get('docker-content-digest');
  if (said !== digest) throw new Error(`registry stored ${said}, expected ${digest}`);
  return digest;
}

/** The byte size of a manifest by digest (for building an index). */
export async function manifestSize(url: string, repository: string, digest: string): Promise<number> {
  const r = await fetch(`${url}/v2/${repository}/manifests/${digest}`, { headers: { accept: OCI_MANIFEST } });
  return (await r.arrayBuffer()).byteLength;
}
