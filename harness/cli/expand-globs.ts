import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * `scenarios/*.scenario.yaml` as the user quoted it (so that it works the same
 * in every shell): a `*` or `?` in the last part of a path matches the files of
 * its folder, in name order. Other arguments, and patterns matching nothing,
 * stay as they are (the command then says the file is missing).
 */
export function expandGlobs(args: readonly string[], cwd: string): string[] {
  return args.flatMap((arg) => {
    if (arg.startsWith('-') || !/[*?]/.test(arg)) return [arg];
    const dir = dirname(arg);
    const name = arg.slice(dir === '.' && !arg.startsWith('./') ? 0 : dir.length + 1);
    if (/[*?]/.test(dir)) return [arg];
    const re = new RegExp(
      `^${name
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')}$`,
    );
    let names: string[];
    try {
      names = readdirSync(join(cwd, dir))
        .filter((n) => re.test(n))
        .sort();
    } catch {
      return [arg];
    }
    return names.length > 0
      ? names.map((n) => (dir === '.' && !arg.startsWith('./') ? n : join(dir, n)))
      : [arg];
  });
}
