/** Service and environment arguments are ids (names), never paths. */
import { UsageError } from './io.ts';

/** Letters, digits, `-` and `_`, starting with a letter or digit: what a folder name of the fleet may be. */
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * Throws a usage error unless `value` is a plain id. `../x`, `./x`, `a/b`, absolute paths,
 * hidden names and control characters are refused, so no argument can point a command at a file
 * outside the fleet (`init-env ../../outside stg` must not rewrite anything).
 */
export function checkId(kind: 'service' | 'environment', value: string): void {
  if (ID.test(value) && value.length <= 63) return;
  const shown = JSON.stringify(value).slice(1, -1);
  const why = /[/\\]/.test(value)
    ? 'it is a path'
    : value.startsWith('.')
      ? 'it starts with a dot'
      : value === ''
        ? 'it is empty'
        : value.length > 63
          ? 'it is longer than 63 characters'
          : 'it holds characters other than letters, digits, - and _';
  const example = kind === 'service' ? 'acme-api' : 'prod';
  throw new UsageError(`"${shown}" is not a ${kind} id (${why}); give the ${kind}'s id, e.g. ${example}`);
}
