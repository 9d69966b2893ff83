import { z } from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Validates environment variables against a schema keyed by the variables' own names, so that
 * an error names exactly the variable to fix.
 */
export function readEnv<S extends z.ZodRawShape>(
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<S>> {
  const picked: Record<string, string | undefined> = {};
  for (const name of Object.keys(shape)) {
    const value = env[name];
    picked[name] = value === '' ? undefined : value;
  }
  const parsed = z.object(shape).safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** A setting a command may do without but a running service needs: absent, a clear error naming it. */
export function requireSetting<T>(value: T | undefined, variable: string, purpose: string): T {
  if (value === undefined)
    throw new ConfigError(`Invalid configuration:\n  ${variable}: required (${purpose})`);
  return value;
}

export const envBoolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const envPort = z.coerce.number().int().min(0).max(65535);

/** Durations such as `30m`, `48h`, `15s`, `7d`, or a plain number of seconds. */
export const envDuration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)?$/, 'expected a duration such as 30s, 15m, 48h or 7d')
  .transform((text) => {
    const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text) as RegExpExecArray;
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 's'] ?? 1000;
    return Number(match[1]) * unit;
  });

/** An http:// or https:// address, without a trailing slash (paths are appended to it). */
export const envHttpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http:// or https:// URL')
  .transform((u) => u.replace(/\/+$/, ''));
