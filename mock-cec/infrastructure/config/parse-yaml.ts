import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { YamlFileError } from './yaml-file-error.ts';

export { YamlFileError };

/** Aliases a document may expand (yaml's own default, stated: a tenant file needs few, a bomb needs many). */
export const MAX_ALIASES = 100;

/**
 * Parse YAML text and validate it against a schema; the first problem becomes a
 * YamlFileError naming the line and the field (`agents[2].sipPwd`), so that a
 * person can fix the file without reading a stack trace.
 */
export function parseYaml<S extends z.ZodType>(text: string, schema: S, file: string): z.output<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = lineCounter.linePos(syntax.pos[0]).line;
    throw new YamlFileError(file, line, '', syntax.message.split('\n')[0] ?? 'invalid YAML');
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    // yaml refuses a document whose aliases expand too far (a "billion laughs"), with a ReferenceError.
    const why = err instanceof Error ? err.message : String(err);
    throw new YamlFileError(file, undefined, '', `cannot be read: ${why.split('\n')[0]}`);
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;

  const issue = result.error.issues[0]!;
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  // Point at the deepest node that exists: a missing field is reported on its parent's line.
  let line: number | undefined;
  for (let depth = path.length; depth >= 0 && line === undefined; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) line = lineCounter.linePos(node.range[0]).line;
  }
  throw new YamlFileError(file, line, formatPath(path), issue.message);
}

export function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
