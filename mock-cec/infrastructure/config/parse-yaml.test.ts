import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseYaml, YamlFileError } from './parse-yaml.ts';

const schema = z.object({ name: z.string(), items: z.array(z.object({ n: z.number() })) }).strict();

function errorOf(text: string): YamlFileError {
  try {
    parseYaml(text, schema, 'f.yaml');
  } catch (e) {
    if (e instanceof YamlFileError) return e;
    throw e;
  }
  throw new Error('expected a YamlFileError');
}

describe('parseYaml', () => {
  it('returns the validated value', () => {
    expect(parseYaml('name: a\nitems:\n  - n: 1\n', schema, 'f.yaml')).toEqual({
      name: 'a',
      items: [{ n: 1 }],
    });
  });

  it('names the line and field of a wrong value', () => {
    const e = errorOf('name: a\nitems:\n  - n: 1\n  - n: two\n');
    expect(e.line).toBe(4);
    expect(e.field).toBe('items[1].n');
    expect(e.message).toMatch(/^f\.yaml:4: items\[1\]\.n: /);
  });

  it('points a missing field at its parent', () => {
    const e = errorOf('items: []\n');
    expect(e.field).toBe('name');
    expect(e.line).toBe(1);
  });

  it('reports YAML syntax errors with a line', () => {
    const e = errorOf('name: a\nitems: [\n');
    expect(e.line).toBeGreaterThan(0);
  });

  it('rejects duplicate keys', () => {
    expect(() => parseYaml('name: a\nname: b\nitems: []\n', schema, 'f.yaml')).toThrow(YamlFileError);
  });
});
