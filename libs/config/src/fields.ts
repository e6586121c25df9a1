import { z } from 'zod';

// Every helper reads a raw environment string and states the expected form in its error message:
// `loadConfig` prints that message next to the variable's name and the value it got, so an
// operator sees what to write without reading code.

const PORT_FORM = 'expected an integer 1-65535';
const BOOL_FORM = 'expected a boolean: true/false, 1/0, yes/no or on/off';
const DURATION_FORM = 'expected a duration like 500ms, 30s, 5m or 1h (a bare number is milliseconds)';
const CSV_FORM = 'expected a comma-separated list like a,b,c';

/** A TCP port, 1-65535. */
export function port(defaultValue?: number): z.ZodType<number> {
  const schema = z
    .string({ error: PORT_FORM })
    .trim()
    .refine((v) => /^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535, { error: PORT_FORM })
    .transform(Number);
  return defaultValue === undefined ? schema : schema.default(defaultValue);
}

export interface UrlOptions {
  /** Accepted schemes without the colon; default http and https. */
  readonly protocols?: readonly string[];
  readonly defaultValue?: string;
}

/** An absolute URL whose scheme is one of `protocols`. Returned as written (not normalised). */
export function url(options: UrlOptions = {}): z.ZodType<string> {
  const protocols = options.protocols ?? ['http', 'https'];
  const form = `expected an absolute ${protocols.join(' or ')} URL`;
  const schema = z
    .string({ error: form })
    .trim()
    .refine((v) => protocols.includes(schemeOf(v) ?? ''), { error: form });
  return options.defaultValue === undefined ? schema : schema.default(options.defaultValue);
}

/** A PostgreSQL connection URL (postgres:// or postgresql://). */
export function postgresUrl(): z.ZodType<string> {
  const form = 'expected a PostgreSQL URL like postgres://user:password@host:5432/database';
  return z
    .string({ error: form })
    .trim()
    .refine((v) => ['postgres', 'postgresql'].includes(schemeOf(v) ?? '') && new URL(v).hostname !== '', { error: form });
}

/** A comma-separated list; items are trimmed and empty items dropped. At least one item. */
export function csv(): z.ZodType<string[]> {
  return z
    .string({ error: CSV_FORM })
    .transform((v) =>
      v
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    )
    .refine((items) => items.length > 0, { error: CSV_FORM });
}

/** One of a fixed set of strings, matched exactly (case-sensitive: what is written is what runs). */
export function enumOf<const T extends readonly [string, ...string[]]>(values: T, defaultValue?: T[number]): z.ZodType<T[number]> {
  const schema = z.enum(values, { error: `expected one of ${values.join(' | ')}` });
  return defaultValue === undefined ? schema : schema.default(defaultValue as never);
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** A boolean flag. Anything but the listed spellings is an error, not silently false. */
export function bool(defaultValue?: boolean): z.ZodType<boolean> {
  const schema = z
    .string({ error: BOOL_FORM })
    .trim()
    .toLowerCase()
    .refine((v) => TRUE.has(v) || FALSE.has(v), { error: BOOL_FORM })
    .transform((v) => TRUE.has(v));
  return defaultValue === undefined ? schema : schema.default(defaultValue);
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A duration in milliseconds: `250`, `250ms`, `30s`, `5m`, `1h`. */
export function durationMs(defaultValue?: number): z.ZodType<number> {
  const schema = z
    .string({ error: DURATION_FORM })
    .trim()
    .refine((v) => parseDuration(v) !== undefined, { error: DURATION_FORM })
    .transform((v) => parseDuration(v) ?? 0);
  return defaultValue === undefined ? schema : schema.default(defaultValue);
}

function parseDuration(value: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h)?$/.exec(value);
  if (!match) return undefined;
  const ms = Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] ?? 1);
  return Number.isSafeInteger(ms) ? ms : undefined;
}

function schemeOf(value: string): string | undefined {
  try {
    return new URL(value).protocol.replace(/:$/, '');
  } catch {
    return undefined;
  }
}
