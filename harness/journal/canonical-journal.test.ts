import { describe, expect, it } from 'vitest';
import { canonicalJournal } from './canonical-journal.ts';
import { JournalBuilder } from './testing/journal-builder.ts';

interface Run {
  callId: string;
  port: number;
  contact: string;
  /** The bar's polls and the page's REGISTER race: which came first this time. */
  registerFirst: boolean;
  quietPolls: number;
  epoch: number;
  /** The simulator start's tag in its Call-IDs (sip-service.ts). */
  instance: string;
  skipTalking?: boolean;
  /** The DTMF key the customer heard. */
  key?: string;
}

/** One run of "sign in, a call rings and is answered" as the simulator would journal it. */
function journalOf(r: Run) {
  const j = new JournalBuilder(Date.UTC(2026, 0, 1) + r.epoch * 1000);
  for (let i = 0; i < 5 + (r.port % 3); i++) j.corr(); // a shared simulator's counter is somewhere else each run
  const register = () => {
    j.sip('in', 'wss', 'REGISTER sip:127.0.0.1 SIP/2.0', {
      callId: r.callId,
      cseq: `${r.port % 97} REGISTER`,
      agent: 101,
      remote: `127.0.0.1:${r.port}`,
    });
    j.sip('out', 'wss', 'SIP/2.0 200 OK', {
      callId: r.callId,
      cseq: `${r.port % 97} REGISTER`,
      agent: 101,
      remote: `127.0.0.1:${r.port}`,
    });
    j.state(
      'registration',
      '88000101',
      undefined,
      `registered (sip:${r.contact}@x7k2.invalid;transport=ws over wss (w${r.port % 9}))`,
    );
  };
  const signIn = () => {
    const corr = j.corr();
    j.event('101', 'AgentOther_InService', corr);
    j.event('101', 'AgentState_Ready', corr);
    j.http('onlineagent.signIn', 'PUT', '/agentgateway/resource/onlineagent/101', 200, { code: '0', corr });
  };
  if (r.registerFirst) {
    register();
    signIn();
  } else {
    signIn();
    register();
  }
  for (let i = 0; i < r.quietPolls; i++) j.quietPoll();
  const call = `${r.epoch}-1`;
  j.state('call', call, undefined, 'queued');
  j.add({ kind: 'control', action: 'call.place', detail: call });
  j.sip('out', 'wss', `INVITE sip:${r.contact}@x7k2.invalid;transport=ws SIP/2.0`, {
    callId: `cc${r.port % 5}.${r.instance}@127.0.0.1`,
    agent: 101,
    remote: `127.0.0.1:${r.port}`,
  });
  j.add({
    kind: 'media',
    callId: `cc${r.port % 5}.${r.instance}@127.0.0.1`,
    event: 'dtmf',
    detail: `${r.key ?? '5'} (RFC 4733)`,
  });
  j.add({
    kind: 'media',
    callId: `cc${r.port % 5}.${r.instance}@127.0.0.1`,
    event: 'stopped',
    detail: `webrtc: sent ${r.port % 50} packets, energy 0.${r.port}`,
  });
  j.add({
    kind: 'media',
    callId: call,
    event: 'recording started',
    detail: `task 5001, leg cc${r.port % 5}.${r.instance}@127.0.0.1`,
  });
  j.event('101', 'AgentEvent_Ringing');
  if (!r.skipTalking) j.event('101', 'AgentEvent_Talking');
  j.http('agentevent.poll', 'GET', '/agentgateway/resource/agentevent/101', 200, {
    code: '0',
    note: 'AgentEvent_Ringing',
    ms: r.port / 1000,
  });
  return j.entries;
}

const first: Run = {
  callId: 'u1pasutl61ul1m90klop',
  port: 42574,
  contact: 'tqram5i8',
  registerFirst: true,
  quietPolls: 0,
  epoch: 1795624456,
  instance: '1a2b3c4d',
};
const second: Run = {
  callId: 'shhkpmmi540v5quamv9d',
  port: 40163,
  contact: 'gtdqvln1',
  registerFirst: false,
  quietPolls: 3,
  epoch: 1795624458,
  instance: '9f8e7d6c',
};

describe('canonicalJournal', () => {
  it('gives two runs of the same behaviour the same form, whatever their ids, ports, times and interleaving', () => {
    const [a, b] = [journalOf(first), journalOf(second)];
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    expect(canonicalJournal(b)).toEqual(canonicalJournal(a));
  });

  it('tells apart runs that behaved differently', () => {
    const [a, b] = [
      canonicalJournal(journalOf(first)),
      canonicalJournal(journalOf({ ...second, skipTalking: true })),
    ];
    expect(b).not.toEqual(a);
    const talking = (lines: string[]) => lines.filter((l) => l.includes('"eventType":"AgentEvent_Talking"'));
    expect([talking(a).length, talking(b).length]).toEqual([1, 0]);
    // The keys the customer heard are behaviour too.
    expect(canonicalJournal(journalOf({ ...second, key: '7' }))).not.toEqual(a);
  });

  it('names calls after their first request, their agent and their rank, and keeps what is behaviour', () => {
    const lines = canonicalJournal(journalOf(first));
    const register = lines.filter((l) => l.startsWith('sip REGISTER 101 #1 | '));
    expect(register).toHaveLength(2);
    expect(JSON.parse(register[0]!.split(' | ')[1]!)).toMatchObject({
      firstLine: 'REGISTER sip:127.0.0.1 SIP/2.0',
      callId: 'REGISTER 101 #1',
      cseq: 'REGISTER',
      remote: '127.0.0.1:<port>',
    });
    expect(lines.some((l) => l.includes('INVITE sip:<contact>.invalid;transport=ws SIP/2.0'))).toBe(true);
    expect(lines.some((l) => l.includes('"detail":"<callid>-1"'))).toBe(true);
    expect(lines.some((l) => l.includes('"detail":"webrtc: sent # packets, energy #"'))).toBe(true);
    // A media entry naming a leg names it by its call's label, as its SIP entries do.
    expect(lines.some((l) => l.includes('"detail":"task #, leg <INVITE 101 #1>"'))).toBe(true);
    expect(lines.some((l) => l.includes('over wss (w#)'))).toBe(true);
    expect(lines.filter((l) => l.includes('no event'))).toEqual([]);
    expect(lines.some((l) => /"(seq|at|ms)":/.test(l))).toBe(false);
  });
});
