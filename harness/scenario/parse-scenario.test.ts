import { describe, expect, it } from 'vitest';
import { parseScenario, scenarioFromSource } from './parse-scenario.ts';

const good = `name: A call
story: An agent takes a call.
seed: 7
actors:
  agents:
    - phone: openeye
  customers:
    alice: { behaviour: { source: { kind: echo } } }
steps:
  - login: { agent: 0 }
  - call: { customer: alice }
  - advanceClock: 2m
    timeout: 3s
  - expectEvent: { agent: 0, events: [AgentOther_PhoneAlerting, AgentEvent_Talking] }
`;

function problem(text: string) {
  const parsed = parseScenario(text, 'x.scenario.yaml');
  if (parsed.ok) throw new Error('expected a problem');
  return parsed.problem;
}

describe('parseScenario', () => {
  it('reads a scenario: steps tagged by kind, defaults filled in, durations in ms, the text kept as written', () => {
    const parsed = parseScenario(good, 'x.scenario.yaml');
    if (!parsed.ok) throw new Error(parsed.problem.message);
    const { scenario, source } = parsed;
    expect(scenario.steps.map((s) => s.kind)).toEqual(['login', 'call', 'advanceClock', 'expectEvent']);
    expect(scenario.steps[0]).toEqual({ kind: 'login', args: { agent: 0, result: 'ok', times: 1 } });
    expect(scenario.steps[2]).toMatchObject({ kind: 'advanceClock', args: 120_000, timeout: 3000 });
    expect(scenario.actors.agents).toEqual([{ phone: 'openeye', register: true }]);
    expect(scenario.faults).toEqual([]);
    expect(source.steps).toEqual([
      { login: { agent: 0 } },
      { call: { customer: 'alice' } },
      { advanceClock: '2m', timeout: '3s' },
      { expectEvent: { agent: 0, events: ['AgentOther_PhoneAlerting', 'AgentEvent_Talking'] } },
    ]);
  });

  it('names the line and the field of a bad value', () => {
    const p = problem(good.replace('login: { agent: 0 }', 'login: { agent: zero }'));
    expect(p).toMatchObject({ line: 10, field: 'steps[0].login.agent' });
    expect(p.message).toBe(
      'x.scenario.yaml:10: steps[0].login.agent: Invalid input: expected number, received string',
    );
  });

  it('wants exactly one action or expectation per step', () => {
    expect(problem(good.replace('- call: { customer: alice }', '- timeout: 2s')).message).toMatch(
      /^x\.scenario\.yaml:11: steps\[1\]: a step needs one action or expectation: login, signIn, /,
    );
    const two = problem(
      good.replace('- call: { customer: alice }', '- { call: { customer: alice }, signIn: { agent: 0 } }'),
    );
    expect(two.message).toMatch(
      /steps\[1\]: a step holds exactly one action or expectation; this one has signIn and call/,
    );
    expect(problem(good.replace('- call:', '- cal:')).message).toMatch(/steps\[1\]: Unrecognized key: "cal"/);
  });

  it('checks agents and customers against the actors', () => {
    expect(problem(good.replace('login: { agent: 0 }', 'login: { agent: 2 }')).message).toBe(
      'x.scenario.yaml:10: steps[0].login.agent: no agent 2: actors.agents has 1 (0 to 0)',
    );
    expect(problem(good.replace('call: { customer: alice }', 'call: { customer: bob }')).message).toBe(
      'x.scenario.yaml:11: steps[1].call.customer: no customer bob in actors.customers (alice)',
    );
  });

  it('refuses an event the page never sees, and says what to use instead', () => {
    expect(problem(good.replace('AgentEvent_Talking]', 'AgentOther_PhoneOffhook]')).message).toMatch(
      /steps\[3\]\.expectEvent\.events\[1\]: "AgentOther_PhoneOffhook" never reaches the page's callback: .*\(use expectJournal for the others\)/,
    );
  });

  it('refuses a regular expression that does not compile, and a bad duration', () => {
    const regex = `${good}  - expectMessage: { agent: 0, text: "/(unclosed/" }\n`;
    expect(problem(regex).message).toMatch(/steps\[4\]\.expectMessage\.text: not a valid regular expression/);
    expect(problem(good.replace('advanceClock: 2m', 'advanceClock: two minutes')).message).toMatch(
      /steps\[2\]\.advanceClock: .*a duration/,
    );
  });

  it('reads a dial, a sync that must say something, and a count of journal entries', () => {
    const more = `${good}  - dial: { agent: 0, number: "5550102", result: refused, status: 486 }
  - sync: { result: failed, message: "/refused app key/" }
  - expectHttp: { api: TokenByAkSk, count: 0 }
`;
    const parsed = parseScenario(more, 'x.scenario.yaml');
    if (!parsed.ok) throw new Error(parsed.problem.message);
    expect(parsed.scenario.steps.slice(4).map((s) => s.args)).toEqual([
      { agent: 0, number: '5550102', result: 'refused', status: 486 },
      { result: 'failed', message: '/refused app key/' },
      { api: 'TokenByAkSk', count: 0, since: 'step' },
    ]);
    expect(problem(more.replace('number: "5550102"', 'number: "555-0102"')).message).toMatch(
      /steps\[4\]\.dial\.number: digits, \* and # only/,
    );
    expect(problem(more.replace('count: 0', 'count: -1')).field).toBe('steps[6].expectHttp.count');
  });

  it('reports YAML syntax errors with their line, and a missing field on its parent', () => {
    expect(problem('name: [unclosed\n').line).toBe(2);
    expect(problem(good.replace('seed: 7\n', ''))).toMatchObject({ field: 'seed', line: 1 });
  });

  it('validates a scenario given as data the same way', () => {
    const parsed = scenarioFromSource(
      { name: 'x', story: 'y', seed: 1, actors: { agents: [{}] }, steps: [{ signIn: {} }] },
      'replay',
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.problem.message).toBe(
        'replay: steps[0].signIn.agent: Invalid input: expected number, received undefined',
      );
  });
});
