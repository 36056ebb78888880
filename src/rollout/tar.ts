/**
 * A minimal, reproducible `.tar.gz` writer: POSIX ustar regular files only, entries sorted by
 * name, mode 0644, uid/gid 0, no owner names, mtime 0; gzip with header mtime 0 and a fixed OS
 * byte. The deflate stream uses stored blocks (level 0) so the bytes depend on neither the zlib
 * build nor the CPU (zlib forks pick different matches on different hardware); the archives are
 * a few kilobytes.
 */
import { gzipSync } from 'node:zlib';

/** A file to put in the archive. */
interface TarEntry {
  /** Relative path, `/`-separated, at most 100 bytes. */
  name: string;
  content: string | Uint8Array;
}

const BLOCK = 512;
const enc = new TextEncoder();

/** Writes `value` as zero-padded octal of `width - 1` digits and a NUL. */
function octal(value: number, width: number): string {
  const s = value.toString(8);
  if (s.length > width - 1) throw new Error(`tar: ${value} does not fit in ${width} bytes`);
  return `${s.padStart(width - 1, '0')}\0`;
}

function header(name: string, size: number): Uint8Array {
  const h = new Uint8Array(BLOCK);
  const put = (offset: number, text: string) => h.set(enc.encode(text), offset);
  const nameBytes = enc.encode(name);
  if (nameBytes.length === 0 || nameBytes.length > 100)
    throw new Error(`tar: bad entry name ${JSON.stringify(name)}`);
  if (name.startsWith('/') || name.split('/').includes('..'))
    throw new Error(`tar: entry name must be relative: ${JSON.stringify(name)}`);
  h.set(nameBytes, 0);
  put(100, octal(0o644, 8)); // mode
  put(108, octal(0, 8)); // uid
  put(116, octal(0, 8)); // gid
  put(124, octal(size, 12)); // size
  put(136, octal(0, 12)); // mtime
  put(148, '        '); // checksum placeholder: eight spaces
  put(156, '0'); // typeflag: regular file
  put(257, 'ustar\0'); // magic
  put(263, '00'); // version
  let sum = 0;
  for (const b of h) sum += b;
  put(148, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

/** The uncompressed ustar archive of `entries` (sorted by name; duplicate names throw). */
export function tar(entries: readonly TarEntry[]): Uint8Array {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const chunks: Uint8Array[] = [];
  let prev: string | undefined;
  for (const e of sorted) {
    if (e.name === prev) throw new Error(`tar: duplicate entry ${e.name}`);
    prev = e.name;
    const data = typeof e.content === 'string' ? enc.encode(e.content) : e.content;
    chunks.push(header(e.name, data.length), data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad > 0) chunks.push(new Uint8Array(pad));
  }
  chunks.push(new Uint8Array(2 * BLOCK)); // end of archive
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Gzip with a reproducible header: mtime 0 (bytes 4–7) and OS 255 "unknown" (byte 9). */
function gzipReproducible(data: Uint8Array): Uint8Array {
  const gz = new Uint8Array(gzipSync(data, { level: 0 }));
  gz.fill(0, 4, 8);
  gz[9] = 255;
  return gz;
}

/** The reproducible `.tar.gz` of `entries`. */
export function tarGz(entries: readonly TarEntry[]): Uint8Array {
  return gzipReproducible(tar(entries));
}
