import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';

const PEM_RE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Reads every PEM certificate from the files directly inside `dirs` (what `SSL_CERT_DIR` lists:
 * `/etc/ssl/certs`, and `/etc/ssl/custom-certs` where the platform mounts the Memorystore CA).
 * Unreadable entries and non-certificate files are skipped; duplicates are dropped.
 *
 * @returns the certificates in PEM form, in directory order.
 */
export function readCertificates(dirs: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const path = join(dir, name);
      try {
        if (!statSync(path).isFile()) continue;
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(PEM_RE)) seen.add(`${m[0]}\n`);
      } catch {
        // Broken symlinks and unreadable files are not fatal: the platform's CA is what matters.
      }
    }
  }
  return [...seen];
}

/**
 * The CA list for TLS clients: Node's bundled roots plus everything in `dirs`.
 *
 * @returns `undefined` when `dirs` is empty, meaning "use Node's defaults".
 */
export function trustedCertificates(dirs: readonly string[]): string[] | undefined {
  if (dirs.length === 0) return undefined;
  return [...rootCertificates, ...readCertificates(dirs)];
}
