import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { parse } from 'yaml';
import { formatPath, parseYaml, YamlFileError } from '../../mock-cec/infrastructure/config/parse-yaml.ts';
import { type ProjectConfig, projectConfigSchema, projectConfigSchemaFor } from './project-config.ts';

/** Looked for in this order in the project's folder. */
export const CONFIG_NAMES = [
  'mock-cec.config.ts',
  'mock-cec.config.mjs',
  'mock-cec.config.yaml',
  'mock-cec.config.yml',
];

/** A bad project config: one line naming the file, the line when known, and the field. */
export class ProjectConfigError extends Error {
  override name = 'ProjectConfigError';
}

export interface LoadedProject {
  config: ProjectConfig;
  /** The file it came from; undefined: no config, the defaults (the reference integration). */
  file: string | undefined;
  /** The folder relative paths in it are read from. */
  dir: string;
}

/** The project config: `explicit` (a --config path or MOCK_CEC_CONFIG), else the first of CONFIG_NAMES in `cwd`. */
export function loadProjectConfig(cwd: string, explicit?: string): LoadedProject {
  const file = explicit
    ? resolve(cwd, explicit)
    : CONFIG_NAMES.map((n) => join(cwd, n)).find((f) => existsSync(f));
  if (!file) return { config: projectConfigSchema.parse({}), file: undefined, dir: cwd };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ProjectConfigError(`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`);
  }
  const config = /\.(ya?ml)$/.test(file) ? fromYaml(text, file) : fromModule(text, file);
  return { config, file, dir: dirname(file) };
}

function fromYaml(text: string, file: string): ProjectConfig {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch {
    // parseYaml reports the syntax error with its line.
  }
  try {
    return parseYaml(text, projectConfigSchemaFor(raw), file);
  } catch (err) {
    if (err instanceof YamlFileError) throw new ProjectConfigError(err.message);
    throw err;
  }
}

/**
 * A TypeScript (or JavaScript) config: bundled by esbuild beside itself (so its
 * imports resolve from the project), loaded, and checked like a YAML one. All
 * synchronous, so that the Playwright fixtures can read it as their module
 * loads. A bad field is named with the first line that writes it.
 */
function fromModule(text: string, file: string): ProjectConfig {
  const outDir = join(dirname(file), '.mock-cec');
  const out = join(outDir, `${basename(file)}.${process.pid}.cjs`);
  let value: unknown;
  try {
    mkdirSync(outDir, { recursive: true });
    buildSync({
      entryPoints: [file],
      outfile: out,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      logLevel: 'silent',
    });
    const loaded = createRequire(out)(out) as { default?: unknown };
    value = loaded.default ?? loaded;
  } catch (err) {
    const first = (err as { errors?: { text: string; location?: { line: number } }[] }).errors?.[0];
    const where = first?.location ? `:${first.location.line}` : '';
    throw new ProjectConfigError(`${file}${where}: ${first?.text ?? (err as Error).message}`);
  } finally {
    rmSync(out, { force: true });
  }
  const parsed = projectConfigSchemaFor(value).safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = issue.path.findLast((p) => typeof p === 'string');
  const lineIndex =
    key === undefined ? -1 : text.split('\n').findIndex((l) => new RegExp(`\\b${key}\\s*:`).test(l));
  const where = lineIndex >= 0 ? `:${lineIndex + 1}` : '';
  throw new ProjectConfigError(
    `${file}${where}: ${formatPath(issue.path as (string | number)[]) || '(top)'}: ${issue.message}`,
  );
}
