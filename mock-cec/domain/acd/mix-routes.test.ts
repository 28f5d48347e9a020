import { describe, expect, it } from 'vitest';
import {
  answer,
  type CallModel,
  cancelConsult,
  completeAsConference,
  completeAsTransfer,
  consult,
  hold,
  type ModelResult,
  openCall,
  ring,
} from './call-model.ts';
import { mixRoutes } from './mix-routes.ts';

const ok = (r: ModelResult): CallModel => {
  if (!r.ok) throw new Error(JSON.stringify(r.problem));
  return r.model;
};
const A = 'agent 101';
const C = 'agent 102';
const sorted = (routes: readonly (readonly [string, string])[]) => routes.map((r) => r.join(' → ')).sort();

/** A customer talking with agent 101, then 101 consulting 102 (answered). */
function consulting(): CallModel {
  let m = ok(ring(openCall('5551234'), { kind: 'agent', workNo: 101 }, { toward: 'customer' }));
  m = ok(answer(m, A));
  m = ok(consult(m, A, { kind: 'agent', workNo: 102 }));
  return ok(answer(m, C));
}

describe('mixRoutes', () => {
  it('two-party call: the customer and the agent hear each other', () => {
    let m = ok(ring(openCall('5551234'), { kind: 'agent', workNo: 101 }, { toward: 'customer' }));
    m = ok(answer(m, A));
    expect(sorted(mixRoutes(m, [A]))).toEqual(['agent 101 → customer', 'customer → agent 101']);
  });

  it('consult: the agents hear each other, the held customer hears the hold tone and nobody hears it', () => {
    expect(sorted(mixRoutes(consulting(), [A, C]))).toEqual([
      'agent 101 → agent 102',
      'agent 102 → agent 101',
      'hold-tone → customer',
    ]);
  });

  it('three-party held by one agent: the customer and the other agent hear the hold tone, nobody else', () => {
    const m = ok(hold(ok(completeAsConference(consulting(), A)), A));
    expect(sorted(mixRoutes(m, [A, C]))).toEqual(['hold-tone → agent 102', 'hold-tone → customer']);
  });

  it('three-party: everyone hears everyone else', () => {
    const m = ok(completeAsConference(consulting(), A));
    expect(sorted(mixRoutes(m, [A, C]))).toEqual([
      'agent 101 → agent 102',
      'agent 101 → customer',
      'agent 102 → agent 101',
      'agent 102 → customer',
      'customer → agent 101',
      'customer → agent 102',
    ]);
  });

  it('completed as a transfer: the customer and the helper; cancelled: the customer and the asking agent', () => {
    expect(sorted(mixRoutes(ok(completeAsTransfer(consulting(), A)), [C]))).toEqual([
      'agent 102 → customer',
      'customer → agent 102',
    ]);
    expect(sorted(mixRoutes(ok(cancelConsult(consulting(), A)), [A]))).toEqual([
      'agent 101 → customer',
      'customer → agent 101',
    ]);
  });

  it('leaves out parties the mixer cannot reach (no leg)', () => {
    expect(sorted(mixRoutes(consulting(), [A]))).toEqual(['hold-tone → customer']);
    expect(sorted(mixRoutes(ok(hold(ok(completeAsConference(consulting(), A)), A)), [A]))).toEqual([
      'hold-tone → customer',
    ]);
  });
});
