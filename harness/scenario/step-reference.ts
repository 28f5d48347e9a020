import { scenarioJsonSchema } from './json-schema.ts';
import { stepNames } from './step-schema.ts';

/**
 * The step reference of scenarios/README.md, made from the JSON Schema (and so
 * from the zod schemas' `.describe()` texts): one row per field of each action
 * and expectation. `npm run scenario:schema` writes it between the markers; a
 * test fails when the committed text differs, so the reference cannot go stale.
 */
export const STEP_REFERENCE_START =
  '<!-- step-reference:start (npm run scenario:schema writes this part) -->';
export const STEP_REFERENCE_END = '<!-- step-reference:end -->';

type Node = {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  anyOf?: Node[];
  oneOf?: Node[];
  items?: Node;
  properties?: Record<string, Node>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
};

const BIG = Number.MAX_SAFE_INTEGER;

/** A table cell never holds a pipe or a line break of its own. */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

function code(value: unknown): string {
  return `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
}

/** A short, human name of a JSON Schema type. */
export function typeName(node: Node): string {
  if (node.const !== undefined) return code(node.const);
  if (node.enum) return node.enum.map(code).join(', ');
  const alternatives = node.anyOf ?? node.oneOf;
  if (alternatives) return [...new Set(alternatives.map(typeName))].join(' or ');
  if (Array.isArray(node.type)) return node.type.join(' or ');
  switch (node.type) {
    case 'array':
      return node.items ? `list of ${typeName(node.items)}` : 'list';
    case 'integer':
    case 'number': {
      const low = node.minimum !== undefined && node.minimum > -BIG ? node.minimum : undefined;
      const high = node.maximum !== undefined && node.maximum < BIG ? node.maximum : undefined;
      if (low !== undefined && high !== undefined) return `${node.type} ${low}–${high}`;
      if (low !== undefined) return `${node.type} ≥ ${low}`;
      return node.type;
    }
    case 'string':
      // The one pattern a reader needs to know by name: a duration (5s, 300ms, 2m).
      return node.pattern?.includes('(ms|s|m|h)') ? 'duration (`5s`, `300ms`, `2m`)' : 'text';
    case 'object':
      return 'object';
    default:
      return node.type ?? 'any';
  }
}

function fieldRows(step: string, node: Node, prefix = ''): string[] {
  const required = new Set(node.required ?? []);
  return Object.entries(node.properties ?? {}).map(([field, f]) => {
    const name = `${prefix}\`${field}\`${required.has(field) ? '' : '?'}`;
    const type = typeName(f) + (f.default !== undefined ? `, default ${code(f.default)}` : '');
    return `| \`${step}\` | ${name} | ${cell(type)} | ${cell(f.description ?? '')} |`;
  });
}

/** The rows of one action or expectation: what it does, then its fields. */
function stepRows(step: string, node: Node): string[] {
  const rows = node.description ? [`| \`${step}\` | | | **${cell(node.description)}** |`] : [];
  const forms = node.anyOf ?? node.oneOf;
  if (node.properties) return [...rows, ...fieldRows(step, node)];
  if (forms?.every((f) => f.properties)) {
    // Several shapes (an agent's or a customer's hangup): each one's fields, "or" before the next one's.
    return [
      ...rows,
      ...forms.flatMap((f, i) => [
        ...(f.description ? [`| \`${step}\` | ${i === 0 ? '' : 'or'} | | ${cell(f.description)} |`] : []),
        ...fieldRows(step, f, i === 0 || f.description ? '' : 'or '),
      ]),
    ];
  }
  return [...rows, `| \`${step}\` | (the value) | ${cell(typeName(node))} | |`];
}

/** The generated part, markers included. */
export function stepReference(): string {
  const schema = scenarioJsonSchema() as { properties: Record<string, Node> };
  const stepProps = schema.properties.steps!.items!.properties!;
  const lines = [
    STEP_REFERENCE_START,
    '',
    'Every action and expectation with its fields, from the `.describe()` texts of',
    '`harness/scenario/*-schema.ts` (`field?` is optional). Generated: change the schema, then',
    '`npm run scenario:schema`; `harness/scenario/step-reference.test.ts` fails while this is stale.',
    '',
    '| step | field | type | what it is |',
    '|---|---|---|---|',
    ...stepNames.flatMap((name) => stepRows(name, stepProps[name]!)),
    ...(['timeout', 'name'] as const).flatMap((field) => {
      const f = stepProps[field]!;
      return [`| every step | \`${field}\`? | ${cell(typeName(f))} | ${cell(f.description ?? '')} |`];
    }),
    '',
    STEP_REFERENCE_END,
  ];
  return lines.join('\n');
}

/** The README with its generated part replaced; an error when the markers are missing. */
export function withStepReference(readme: string): string {
  const start = readme.indexOf(STEP_REFERENCE_START);
  const end = readme.indexOf(STEP_REFERENCE_END);
  if (start < 0 || end < start) {
    throw new Error(
      `scenarios/README.md: the markers ${STEP_REFERENCE_START} … ${STEP_REFERENCE_END} are missing`,
    );
  }
  return readme.slice(0, start) + stepReference() + readme.slice(end + STEP_REFERENCE_END.length);
}
