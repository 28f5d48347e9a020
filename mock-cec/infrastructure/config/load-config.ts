import { parse } from 'yaml';
import { z } from 'zod';
import { faultRuleSchema } from '../../domain/faults/fault-rule.ts';
import { MAX_ALIASES, parseYaml } from './parse-yaml.ts';
import { readConfigText } from './read-config-text.ts';
import { type Tenant, tenantSchema } from './tenant-schema.ts';

/**
 * The simulator's configuration file. Either one tenant at the top level, or
 * several under `tenants:` with optional `faults:` to apply from the start.
 */
export const configFileSchema = z
  .object({
    tenants: z.array(tenantSchema).min(1),
    faults: z.array(faultRuleSchema).default([]),
  })
  .strict();

export interface LoadedConfig {
  tenants: Tenant[];
  faults: z.output<typeof faultRuleSchema>[];
}

export function parseConfig(text: string, file: string): LoadedConfig {
  let peek: unknown;
  try {
    peek = parse(text, { maxAliasCount: MAX_ALIASES });
  } catch {
    // parseYaml reports the syntax error with its line.
  }
  if (peek !== null && typeof peek === 'object' && 'tenants' in peek) {
    return parseYaml(text, configFileSchema, file);
  }
  return { tenants: [parseYaml(text, tenantSchema, file)], faults: [] };
}

export async function loadConfigFile(file: string): Promise<LoadedConfig> {
  return parseConfig(await readConfigText(file), file);
}
