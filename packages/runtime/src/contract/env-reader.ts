import { parseDuration } from './duration.ts';

/** One problem with one environment variable: missing, malformed or not allowed here. */
export interface EnvProblem {
  /** The variable's name, e.g. `PORT`. */
  variable: string;
  /** What is wrong, as a short phrase: `is required`, `must be an integer, got "abc"`. */
  message: string;
}

/** What a service asked for, recorded for `--help` output. */
export interface EnvVariableInfo {
  name: string;
  description: string | undefined;
  /** The default as text, when there is one. */
  defaultValue: string | undefined;
  required: boolean;
}

/** Options shared by every getter of {@link EnvReader}. */
export interface EnvOptions<T> {
  /** Used when the variable is unset or empty; without it, the variable is required. */
  default?: T;
  /** One line for `--help`. */
  description?: string;
}

/** Options for numeric getters. */
export interface NumberOptions extends EnvOptions<number> {
  min?: number;
  max?: number;
}

const TRUE_VALUES = new Set(['1', 't', 'true', 'yes', 'on']);
const FALSE_VALUES = new Set(['0', 'f', 'false', 'no', 'off']);

/**
 * Typed, accumulating reader of environment variables.
 *
 * Every getter returns a value of the requested type and never throws: when the variable is
 * missing (unset or empty) without a default, or malformed, the getter records an
 * {@link EnvProblem} and returns a placeholder (`''`, `0`, `false`). Read everything, then look at
 * {@link EnvReader.problems}: all problems are reported together, each naming its variable.
 */
export class EnvReader {
  readonly #env: Readonly<Record<string, string | undefined>>;
  readonly #problems: EnvProblem[] = [];
  readonly #variables = new Map<string, EnvVariableInfo>();

  /** @param env the environment to read, usually `process.env`. It is not modified. */
  constructor(env: Readonly<Record<string, string | undefined>>) {
    this.#env = env;
  }

  /** Problems recorded so far, in the order they were found. */
  get problems(): readonly EnvProblem[] {
    return this.#problems;
  }

  /** Variables requested so far (for `--help`), in request order. */
  get variables(): readonly EnvVariableInfo[] {
    return [...this.#variables.values()];
  }

  /** Records a custom validation problem for `variable`. */
  addProblem(variable: string, message: string): void {
    this.#problems.push({ variable, message });
  }

  /** The raw value, or `undefined` when unset or empty. Records nothing. */
  raw(name: string): string | undefined {
    const v = this.#env[name];
    return v === undefined || v === '' ? undefined : v;
  }

  /** Whether the variable is set to a non-empty value. */
  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  #record(name: string, opts: EnvOptions<unknown> | undefined, required: boolean): void {
    this.#variables.set(name, {
      name,
      description: opts?.description,
      defaultValue: opts?.default === undefined ? undefined : String(opts.default),
      required,
    });
  }

  #lookup<T>(name: string, opts: EnvOptions<T> | undefined): string | undefined {
    const required = opts?.default === undefined;
    this.#record(name, opts, required);
    const v = this.raw(name);
    if (v === undefined && required) this.addProblem(name, 'is required');
    return v;
  }

  /** A string; required unless `default` is given. */
  string(name: string, opts?: EnvOptions<string>): string {
    return this.#lookup(name, opts) ?? opts?.default ?? '';
  }

  /** A string or `undefined`; never required. */
  optionalString(name: string, opts?: { description?: string }): string | undefined {
    this.#record(name, opts, false);
    return this.raw(name);
  }

  /** An integer (decimal), within `min`/`max` when given. */
  int(name: string, opts?: NumberOptions): number {
    const v = this.#lookup(name, opts);
    if (v === undefined) return opts?.default ?? 0;
    if (!/^[+-]?\d+$/.test(v.trim())) {
      this.addProblem(name, `must be an integer, got ${JSON.stringify(v)}`);
      return opts?.default ?? 0;
    }
    return this.#range(name, Number.parseInt(v, 10), opts);
  }

  /** An optional integer (decimal): `undefined` when unset or malformed (a problem is recorded). */
  optionalInt(name: string, opts?: Omit<NumberOptions, 'default'>): number | undefined {
    this.#record(name, opts, false);
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (!/^[+-]?\d+$/.test(v.trim())) {
      this.addProblem(name, `must be an integer, got ${JSON.stringify(v)}`);
      return undefined;
    }
    return this.#range(name, Number.parseInt(v, 10), opts);
  }

  /** A finite number, within `min`/`max` when given. */
  float(name: string, opts?: NumberOptions): number {
    const v = this.#lookup(name, opts);
    if (v === undefined) return opts?.default ?? 0;
    const n = Number(v.trim());
    if (v.trim() === '' || !Number.isFinite(n)) {
      this.addProblem(name, `must be a number, got ${JSON.stringify(v)}`);
      return opts?.default ?? 0;
    }
    return this.#range(name, n, opts);
  }

  /** A number from 0 to 100. */
  percent(name: string, opts?: EnvOptions<number>): number {
    return this.float(name, { ...opts, min: 0, max: 100 });
  }

  #range(name: string, n: number, opts: NumberOptions | undefined): number {
    if (opts?.min !== undefined && n < opts.min) {
      this.addProblem(name, `must be at least ${opts.min}, got ${n}`);
    } else if (opts?.max !== undefined && n > opts.max) {
      this.addProblem(name, `must be at most ${opts.max}, got ${n}`);
    }
    return n;
  }

  /** A boolean: `true/false`, `1/0`, `yes/no`, `on/off`, `t/f` (any case). */
  bool(name: string, opts?: EnvOptions<boolean>): boolean {
    const v = this.#lookup(name, opts);
    if (v === undefined) return opts?.default ?? false;
    const lower = v.trim().toLowerCase();
    if (TRUE_VALUES.has(lower)) return true;
    if (FALSE_VALUES.has(lower)) return false;
    this.addProblem(name, `must be a boolean (true or false), got ${JSON.stringify(v)}`);
    return opts?.default ?? false;
  }

  /**
   * A duration in Go syntax (`10s`, `1m30s`, `250ms`), returned in milliseconds. A numeric
   * `default` is in milliseconds; a string default is parsed the same way.
   */
  duration(name: string, opts?: EnvOptions<number | string>): number {
    const fallback = () => {
      const d = opts?.default;
      return typeof d === 'string' ? (parseDuration(d) ?? 0) : (d ?? 0);
    };
    const v = this.#lookup(name, opts);
    if (v === undefined) return fallback();
    const ms = parseDuration(v);
    if (ms === undefined) {
      this.addProblem(name, `must be a duration such as "10s" or "1m30s", got ${JSON.stringify(v)}`);
      return fallback();
    }
    return ms;
  }

  /** An optional duration in milliseconds: `undefined` when unset or malformed (a problem is recorded). */
  optionalDuration(name: string, opts?: { description?: string }): number | undefined {
    this.#record(name, opts, false);
    const v = this.raw(name);
    if (v === undefined) return undefined;
    const ms = parseDuration(v);
    if (ms === undefined) {
      this.addProblem(name, `must be a duration such as "10s" or "1m30s", got ${JSON.stringify(v)}`);
    }
    return ms;
  }

  /** One of `values`. */
  oneOf<const V extends string>(name: string, values: readonly V[], opts?: EnvOptions<V>): V {
    const v = this.#lookup(name, opts);
    if (v === undefined) return opts?.default ?? (values[0] as V);
    if ((values as readonly string[]).includes(v)) return v as V;
    this.addProblem(name, `must be one of ${values.join(', ')}, got ${JSON.stringify(v)}`);
    return opts?.default ?? (values[0] as V);
  }

  /** An absolute URL whose scheme is one of `protocols` (e.g. `['https:']`), when given. */
  url(name: string, opts?: EnvOptions<string> & { protocols?: string[] }): URL | undefined {
    const v = this.#lookup(name, opts) ?? opts?.default;
    if (v === undefined) return undefined;
    return this.#parseUrl(name, v, opts?.protocols);
  }

  /** An optional URL, like {@link EnvReader.url} but never required. */
  optionalUrl(name: string, opts?: { description?: string; protocols?: string[] }): URL | undefined {
    this.#record(name, opts, false);
    const v = this.raw(name);
    return v === undefined ? undefined : this.#parseUrl(name, v, opts?.protocols);
  }

  #parseUrl(name: string, v: string, protocols: string[] | undefined): URL | undefined {
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      this.addProblem(name, 'must be an absolute URL');
      return undefined;
    }
    if (protocols !== undefined && !protocols.includes(u.protocol)) {
      this.addProblem(name, `must use ${protocols.map((p) => `${p}//`).join(' or ')}, got ${u.protocol}//`);
      return undefined;
    }
    return u;
  }

  /** A list split on `separator` (default `,`), trimmed, empty items dropped. */
  list(name: string, opts?: EnvOptions<string[]> & { separator?: string }): string[] {
    const v = this.#lookup(name, opts);
    if (v === undefined) return opts?.default ?? [];
    return v
      .split(opts?.separator ?? ',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
}
