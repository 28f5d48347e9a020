import { isSeq, LineCounter, parseDocument } from 'yaml';
import { parseYaml, YamlFileError } from '../../mock-cec/infrastructure/config/parse-yaml.ts';
import { type Scenario, scenarioSchema } from './scenario-schema.ts';

/** A scenario read from a file: validated, with the text's own values kept for recording and replay. */
export interface ScenarioFile {
  file: string;
  scenario: Scenario;
  /** The scenario as written (no defaults filled in): what the journal records and a replay writes back. */
  source: Record<string, unknown>;
  /** Where each step is written in the file (1-based line and column), for reports that point at it. */
  stepLocations?: { line: number; column: number }[];
}

/** What is wrong with a scenario file: where (line, field) and what. */
export interface ScenarioProblem {
  file: string;
  line?: number;
  field: string;
  problem: string;
  /** "file.yaml:12: steps[3].login.agent: …": one line for a terminal. */
  message: string;
}

export type ParsedScenario = ({ ok: true } & ScenarioFile) | { ok: false; problem: ScenarioProblem };

/** Parse and validate a scenario's YAML; a problem names the line and the field (mock-cec/infrastructure/config/parse-yaml.ts). */
export function parseScenario(text: string, file: string): ParsedScenario {
  try {
    const scenario = parseYaml(text, scenarioSchema, file);
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter });
    const steps = doc.get('steps', true);
    const stepLocations = isSeq(steps)
      ? steps.items.map((item) => {
          const at = lineCounter.linePos((item as { range?: [number] }).range?.[0] ?? 0);
          return { line: at.line, column: at.col };
        })
      : undefined;
    return { ok: true, file, scenario, source: doc.toJS() as Record<string, unknown>, stepLocations };
  } catch (err) {
    if (!(err instanceof YamlFileError)) throw err;
    const { line, field, problem, message } = err;
    return { ok: false, problem: { file, line, field, problem, message } };
  }
}

/** A scenario given as data (a replay, a test): validated the same way. */
export function scenarioFromSource(source: unknown, file: string): ParsedScenario {
  const parsed = scenarioSchema.safeParse(source);
  if (parsed.success)
    return { ok: true, file, scenario: parsed.data, source: source as Record<string, unknown> };
  const issue = parsed.error.issues[0]!;
  const field = issue.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  return {
    ok: false,
    problem: {
      file,
      field,
      problem: issue.message,
      message: `${file}: ${field ? `${field}: ` : ''}${issue.message}`,
    },
  };
}
