import type { ZodTypeAny, z, ZodError } from 'zod';

/** Thrown when the environment does not satisfy a service's schema; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly issues: readonly string[],
  ) {
    super(`${service}: invalid configuration: ${issues.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Variables whose values are never echoed: a wrong secret is still a secret. */
const SECRET_NAME = /(KEY|SECRET|TOKEN|PASSWORD|PASS|CREDENTIAL)S?$|_URL$/i;

export function formatConfigIssues(error: ZodError, env: Record<string, string | undefined>): string[] {
  return error.issues.map((issue) => {
    const variable = issue.path.join('.');
    const raw = env[variable];
    const got =
      raw === undefined
        ? 'it is not set'
        : SECRET_NAME.test(variable)
          ? `got a value of ${raw.length} characters, not shown`
          : `got ${JSON.stringify(raw.length > 80 ? raw.slice(0, 80) + '…' : raw)}`;
    return `${variable}: ${issue.message} (${got})`;
  });
}

/**
 * Parses `env` (default: process.env) with the schema. Unknown variables are ignored; every known one
 * is validated and coerced. Returns a frozen object.
 */
export function loadConfig<S extends ZodTypeAny>(
  service: string,
  schema: S,
  env: Record<string, string | undefined> = process.env,
): Readonly<z.infer<S>> {
  const result = schema.safeParse(env);
  if (!result.success) throw new ConfigError(service, formatConfigIssues(result.error, env));
  return Object.freeze(result.data) as Readonly<z.infer<S>>;
}
