import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type ParsedScenario, parseScenario } from './parse-scenario.ts';

/** Every `*.scenario.yaml` of a folder, parsed and in name order (a bad file keeps its problem). */
export function scenarioFiles(dir: string): { path: string; parsed: ParsedScenario }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.scenario.yaml'))
    .sort()
    .map((f) => {
      const path = relative(process.cwd(), join(dir, f));
      return { path, parsed: parseScenario(readFileSync(join(dir, f), 'utf8'), path) };
    });
}
