import type { z } from 'zod';

export interface ConfigProblem {
  /** The variable's name, or a dotted path for nested schemas. */
  readonly variable: string;
  /** What is wrong and the expected form, followed by what was received. */
  readonly problem: string;
}

/** Thrown by `loadConfig`; its message lists every bad variable, one a line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(['Invalid configuration:', ...problems.map((p) => `  ${p.variable}: ${p.problem}`)].join('\n'));
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Validates environment variables against a zod schema (use the helpers of this library for fields,
 * so each error states the expected form). An empty variable counts as unset, as `FOO=` in an env
 * file usually means "no value". Throws `ConfigError` naming every bad variable at once.
 */
export function loadConfig<T extends z.ZodType>(schema: T, env: Env = process.env): z.infer<T> {
  const input = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.flatMap((issue) => toProblems(issue, input)));
}

/**
 * For a service's start-up: returns the configuration, or prints `<service>: Invalid configuration: ...`
 * to stderr and exits with status 1 (a misconfigured service must not half-start).
 */
export function loadConfigOrExit<T extends z.ZodType>(schema: T, serviceName: string, env: Env = process.env): z.infer<T> {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${serviceName}: ${error.message}\n`);
    process.exit(1);
  }
}

function toProblems(issue: z.core.$ZodIssue, input: Record<string, string | undefined>): ConfigProblem[] {
  if (issue.code === 'unrecognized_keys') {
    // Only strict schemas report these: name each unknown variable.
    return issue.keys.map((key) => ({ variable: key, problem: 'unknown variable' }));
  }
  const variable = issue.path.length === 0 ? '(configuration)' : issue.path.map(String).join('.');
  const first = issue.path[0];
  const raw = typeof first === 'string' ? input[first] : undefined;
  // zod's own wording for a missing plain z.string() is "Invalid input: expected string, received undefined".
  const message = raw === undefined && issue.code === 'invalid_type' && issue.message.startsWith('Invalid input') ? 'required' : issue.message;
  return [{ variable, problem: `${message}, ${describeValue(typeof first === 'string' ? first : '', raw)}` }];
}

const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|CREDENTIAL|API_KEY)/i;

/** The received value for an error message, without echoing secrets into logs. */
export function describeValue(name: string, raw: string | undefined): string {
  if (raw === undefined) return 'but it is not set';
  if (SECRET_NAME.test(name)) return `got a value of ${raw.length} characters (hidden)`;
  // Connection URLs carry passwords: keep the shape, hide the secret.
  const shown = raw.replace(/(\/\/[^:/@\s]*):[^@/\s]*@/g, '$1:***@');
  return `got ${JSON.stringify(shown.length > 120 ? `${shown.slice(0, 117)}...` : shown)}`;
}
