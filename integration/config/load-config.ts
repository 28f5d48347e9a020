import { readFile } from 'node:fs/promises';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { type Config, configSchema } from './config-schema.ts';

/** A configuration problem, as one line for the person who wrote the file. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Secrets may come from the environment instead of the file, so the file can be
 * committed without them. Only the entry point reads the environment.
 */
export const SECRET_ENV = {
  INTEGRATION_CEC_APP_SECRET: ['cec', 'appSecret'],
  INTEGRATION_ACCOUNT_KEY: ['secrets', 'accountKey'],
  INTEGRATION_TOKEN_KEY: ['secrets', 'tokenKey'],
} as const;

/** Read a YAML (or JSON, which is YAML) file, overlay secrets from `env`, validate. */
export async function loadConfigFile(
  file: string,
  env: Record<string, string | undefined> = {},
): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  return parseConfig(text, file, env);
}

export function parseConfig(
  text: string,
  file: string,
  env: Record<string, string | undefined> = {},
): Config {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    throw new ConfigError(`${file}:${lines.linePos(syntax.pos[0]).line}: ${syntax.message.split('\n')[0]}`);
  }
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(
      `${file}: the configuration must be a mapping of sections (cec, server, secrets, ...)`,
    );
  }
  for (const [name, [section, key]] of Object.entries(SECRET_ENV)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const record = raw as Record<string, Record<string, unknown> | undefined>;
    record[section] = { ...record[section], [key]: value };
  }

  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  // A missing field is reported on the line of its parent.
  let line: number | undefined;
  for (let depth = path.length; depth > 0 && line === undefined; depth--) {
    const node = doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) line = lines.linePos(node.range[0]).line;
  }
  const field = path.join('.');
  const secretHint = Object.entries(SECRET_ENV).find(([, p]) => p.join('.') === field)?.[0];
  const hint = secretHint && issue.code === 'invalid_type' ? ` (or set ${secretHint})` : '';
  // A value is never echoed: the field may hold a secret.
  throw new ConfigError(`${file}${line ? `:${line}` : ''}: ${field || '(top)'}: ${issue.message}${hint}`);
}
