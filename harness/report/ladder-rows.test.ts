import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../mock-cec/infrastructure/journal/journal.ts';
import { inboundCallJournal } from '../journal/testing/inbound-call.ts';
import { JournalBuilder } from '../journal/testing/journal-builder.ts';
import { buildRows, type Row } from './ladder-rows.ts';

/** The rows without the entries they carry: lanes, words, kinds. */
function shapes(rows: Row[]) {
  return rows.map((r) => {
    const {
      entry: _e,
      last: _l,
      pos: _p,
      at: _a,
      ...rest
    } = r as Row & { entry?: JournalEntry; last?: JournalEntry; at?: number };
    return rest;
  });
}

const only = (entries: JournalEntry[]) => shapes(buildRows(entries));

describe('journal entries as ladder rows', () => {
  it('draws HTTP as an exchange between the caller and CEC HTTP, status and vendor code on the return', () => {
    const j = new JournalBuilder();
    j.http('TokenByAkSk', 'POST', '/apigovernance/api/oauth/tokenByAkSk', 200, { note: 'issued' });
    j.http('onlineagent.signIn', 'PUT', '/agentgateway/resource/onlineagent/101', 200, { code: '100-004' });
    j.http('ccbarclient', 'POST', '/service-cloud/ccdesktop/pages/cc-bar/js/ccbarclient.js', 500);
    j.http('whoami', 'GET', '/somewhere/else', 404);
    j.http('QueryAgentInfo', 'GET', '/apiaccess/CC-Management/v1/queryAgentInfo', 0, { fault: 'drop-1' });
    expect(only(j.entries)).toEqual([
      {
        kind: 'exchange',
        client: 'integration',
        server: 'cec-http',
        request: { text: 'TokenByAkSk', tag: 'POST /apigovernance/api/oauth/tokenByAkSk' },
        response: { text: '200', tag: 'issued', fault: undefined },
        flavor: 'http',
        tone: 'ok',
        compact: false,
      },
      expect.objectContaining({
        client: 'page',
        response: { text: '200 · code 100-004', fault: undefined },
        tone: 'bad',
      }),
      expect.objectContaining({
        client: 'page',
        response: expect.objectContaining({ text: '500' }),
        tone: 'bad',
      }),
      expect.objectContaining({ client: 'client', tone: 'bad' }),
      expect.objectContaining({
        client: 'integration',
        response: { text: 'no answer (dropped)', fault: 'drop-1' },
        tone: 'bad',
      }),
    ]);
  });

  it('draws the token callback from CEC HTTP to the integration, retCode as JSON so "0" shows its quotes', () => {
    const j = new JournalBuilder();
    const url = 'https://127.0.0.1:9/rest/cc-management/v1/thirdparty/thirdPartyValidate';
    j.add({
      kind: 'callback',
      url,
      outcome: 'accepted',
      retCode: 0,
      reason: 'alice: validate success',
      ms: 3,
    });
    j.add({ kind: 'callback', url, outcome: 'refused', retCode: '0', reason: 'retCode is a string', ms: 3 });
    j.add({ kind: 'callback', url, outcome: 'failed', reason: 'timed out after 3000 ms', ms: 3000 });
    const rows = only(j.entries);
    expect(rows[0]).toEqual({
      kind: 'exchange',
      client: 'cec-http',
      server: 'integration',
      request: { text: 'token callback', tag: 'POST /rest/cc-management/v1/thirdparty/thirdPartyValidate' },
      response: { text: 'accepted · retCode 0', tag: 'alice: validate success' },
      flavor: 'callback',
      tone: 'ok',
      compact: false,
    });
    expect(rows[1]).toMatchObject({ response: { text: 'refused · retCode "0"' }, tone: 'bad' });
    expect(rows[2]).toMatchObject({
      response: { text: 'failed', tag: 'timed out after 3000 ms' },
      tone: 'bad',
    });
  });

  it('draws SIP between CEC SIP and the softphone or the customer, in or out, responses dashed', () => {
    const j = new JournalBuilder();
    j.sip('in', 'wss', 'REGISTER sip:127.0.0.1 SIP/2.0', { callId: 'k3fj2l0q8s7v1a5m' });
    j.sip('out', 'wss', 'SIP/2.0 401 Unauthorized', { callId: 'k3fj2l0q8s7v1a5m' });
    j.sip('in', 'mem', 'INVITE sip:1001@127.0.0.1 SIP/2.0', { callId: 'c1' });
    j.sip('out', 'udp', 'SIP/2.0 486 Busy Here', { callId: 'c1', remote: 'customer:13800000001' });
    j.sip('out', 'tcp', 'BYE sip:1001@10.0.0.2:5060 SIP/2.0');
    j.sip('in', 'memory', 'SIP/2.0 200 OK', { fault: 'slow' });
    expect(only(j.entries)).toEqual([
      {
        kind: 'arrow',
        from: 'softphone',
        to: 'cec-sip',
        label: { text: 'REGISTER sip:127.0.0.1', tag: 'wss · k3fj2l0q…', fault: undefined },
        flavor: 'sip',
        reply: false,
        tone: 'ok',
      },
      // A digest challenge is part of the flow, not a failure.
      expect.objectContaining({
        from: 'cec-sip',
        to: 'softphone',
        label: expect.objectContaining({ text: '401 Unauthorized' }),
        reply: true,
        tone: 'ok',
      }),
      expect.objectContaining({
        from: 'customer',
        to: 'cec-sip',
        label: { text: 'INVITE sip:1001@127.0.0.1', tag: 'mem · c1', fault: undefined },
      }),
      expect.objectContaining({ from: 'cec-sip', to: 'customer', reply: true, tone: 'bad' }),
      expect.objectContaining({
        from: 'cec-sip',
        to: 'softphone',
        label: expect.objectContaining({ tag: 'tcp' }),
        reply: false,
      }),
      expect.objectContaining({
        from: 'customer',
        to: 'cec-sip',
        label: expect.objectContaining({ fault: 'slow' }),
        tone: 'bad',
      }),
    ]);
  });

  it('draws agent events from CEC HTTP to the page', () => {
    const j = new JournalBuilder();
    j.event('101', 'AgentEvent_Ringing');
    expect(only(j.entries)).toEqual([
      {
        kind: 'arrow',
        from: 'cec-http',
        to: 'page',
        label: { text: 'AgentEvent_Ringing', tag: 'agent 101' },
        flavor: 'event',
        reply: false,
        tone: 'ok',
      },
    ]);
  });

  it('notes state on the CEC lanes, media on the customer lane, control on CEC HTTP', () => {
    const j = new JournalBuilder();
    j.state('agent', '101', 'idle', 'busy');
    j.add({ kind: 'state', entity: 'registration', id: '1001', to: 'registered', reason: 'REGISTER 200' });
    j.add({ kind: 'media', callId: 'mc-1', event: 'first-rtp', detail: 'in 1 pkt' });
    j.add({ kind: 'control', action: 'reset' });
    expect(only(j.entries)).toEqual([
      {
        kind: 'note',
        lane: 'cec-http',
        label: { text: 'agent 101: idle → busy', tag: undefined },
        flavor: 'state',
      },
      {
        kind: 'note',
        lane: 'cec-sip',
        label: { text: 'registration 1001: registered', tag: 'REGISTER 200' },
        flavor: 'state',
      },
      {
        kind: 'note',
        lane: 'customer',
        label: { text: 'media first-rtp', tag: 'in 1 pkt' },
        flavor: 'media',
      },
      { kind: 'note', lane: 'cec-http', label: { text: 'control reset', tag: undefined }, flavor: 'control' },
    ]);
  });

  it('marks a fault on the lane it hit: by the entry it shaped, else by its action and target', () => {
    const j = new JournalBuilder();
    const corr = j.corr();
    j.add({ kind: 'fault', corr, rule: 'r1', action: 'status 500', target: 'GET /apiaccess/x' });
    j.http('QueryAgentInfo', 'GET', '/apiaccess/x', 500, { corr, fault: 'r1' });
    j.add({ kind: 'fault', rule: 'r2', action: 'sip-status 503', target: 'REGISTER sip:127.0.0.1' });
    j.add({ kind: 'fault', rule: 'r3', action: 'drop', target: 'INVITE sip:1001@127.0.0.1' });
    j.add({ kind: 'fault', rule: 'r4', action: 'media one-way-in', target: 'call mc-1' });
    j.add({ kind: 'fault', rule: 'r5', action: 'delay 3000ms', target: 'POST https://crm.example/validate' });
    j.add({
      kind: 'fault',
      rule: 'r6',
      action: 'drop',
      target: 'PUT /agentgateway/resource/onlineagent/101',
    });
    const lanes = buildRows(j.entries).flatMap((r) => (r.kind === 'note' ? [[r.label.text, r.lane]] : []));
    expect(lanes).toEqual([
      ['fault r1: status 500', 'cec-http'],
      ['fault r2: sip-status 503', 'cec-sip'],
      ['fault r3: drop', 'cec-sip'],
      ['fault r4: media one-way-in', 'customer'],
      ['fault r5: delay 3000ms', 'integration'],
      ['fault r6: drop', 'cec-http'],
    ]);
  });

  it('splits an HTTP exchange around what happened while it ran (same correlation id): request, callback, response', () => {
    const j = new JournalBuilder();
    const corr = j.corr();
    j.add({
      kind: 'callback',
      corr,
      url: 'https://x/v',
      outcome: 'accepted',
      retCode: 0,
      reason: 'ok',
      ms: 2,
    });
    j.after(7).http('ccbarclient', 'POST', '/service-cloud/ccdesktop/pages/cc-bar/js/ccbarclient.js', 200, {
      corr,
    });
    // The request shows the time of the callback it led to; the response its own.
    expect(buildRows(j.entries).map((r) => ('at' in r ? r.at - j.start : undefined))).toEqual([0, 0, 7]);
    expect(only(j.entries)).toEqual([
      expect.objectContaining({
        kind: 'arrow',
        from: 'page',
        to: 'cec-http',
        label: expect.objectContaining({ text: 'ccbarclient' }),
        reply: false,
      }),
      expect.objectContaining({ kind: 'exchange', flavor: 'callback' }),
      expect.objectContaining({
        kind: 'arrow',
        from: 'cec-http',
        to: 'page',
        label: expect.objectContaining({ text: '200' }),
        reply: true,
      }),
    ]);
  });

  it('collapses runs of empty long polls into one row, and keeps polls that carried an event or failed', () => {
    const j = new JournalBuilder();
    for (let i = 0; i < 5; i++) j.after(10_000).quietPoll(i % 2 ? '102' : '101');
    j.http('agentevent.poll', 'GET', '/agentgateway/resource/agentevent/101', 200, {
      code: '0',
      note: 'AgentState_Ready',
    });
    j.quietPoll();
    j.http('agentevent.poll', 'GET', '/agentgateway/resource/agentevent/101', 200, {
      code: '000-003',
      note: 'no event',
    });
    j.quietPoll();
    j.quietPoll();
    const rows = buildRows(j.entries, [], { gapMs: Number.POSITIVE_INFINITY });
    expect(rows.map((r) => (r.kind === 'polls' ? `×${r.count} ${r.agents.join('+')}` : r.kind))).toEqual([
      '×5 101+102',
      'exchange',
      'exchange',
      'exchange',
      '×2 101',
    ]);
    const [run] = rows;
    expect(run).toMatchObject({ entry: { seq: 1 }, last: { seq: 5 } });
    // A poll that brought an event is one compact row; a failed one is drawn in full.
    expect(rows.slice(1, 4).map((r) => r.kind === 'exchange' && r.compact)).toEqual([true, true, false]);
  });

  it('puts step bands after the entry they name, before a request drawn early', () => {
    const j = new JournalBuilder();
    j.http('TokenByAkSk', 'POST', '/t', 200);
    const corr = j.corr();
    j.state('session', '101', undefined, 'signed-in', corr);
    j.http('onlineagent.signIn', 'PUT', '/agentgateway/resource/onlineagent/101', 200, { corr, code: '0' });
    const rows = buildRows(j.entries, [
      { afterSeq: 0, label: 'token', ok: true },
      { afterSeq: 1, label: 'sign in', ok: false, error: 'boom' },
    ]);
    expect(
      rows.map((r) =>
        r.kind === 'step'
          ? `step ${r.number} ${r.mark.label}`
          : `${r.kind} ${'entry' in r ? r.entry.seq : ''}`,
      ),
    ).toEqual(['step 1 token', 'exchange 1', 'step 2 sign in', 'arrow 3', 'note 2', 'arrow 3']);
  });

  it('breaks the ladder where time jumps', () => {
    const j = new JournalBuilder();
    j.event('101', 'A');
    j.after(4999).event('101', 'B');
    j.after(120_000).event('101', 'C');
    const rows = buildRows(j.entries);
    expect(rows.map((r) => (r.kind === 'gap' ? `gap ${r.ms}` : r.kind))).toEqual([
      'arrow',
      'arrow',
      'gap 120000',
      'arrow',
    ]);
  });

  it('maps a whole inbound call without losing an entry', () => {
    const { entries, marks } = inboundCallJournal();
    const rows = buildRows(entries, marks, { collapsePolls: Number.POSITIVE_INFINITY });
    const drawn = new Set(rows.flatMap((r) => ('entry' in r ? [r.entry.seq] : [])));
    expect(drawn.size).toBe(entries.length);
    expect(rows.filter((r) => r.kind === 'step')).toHaveLength(marks.length);
  });

  it('keeps the beginning and the end of a very long ladder and says what it left out', () => {
    const j = new JournalBuilder();
    for (let i = 0; i < 10; i++) j.event('101', `E${i}`);
    const rows = buildRows(j.entries, [], { maxRows: 4 });
    expect(
      rows.map((r) => (r.kind === 'omitted' ? `omitted ${r.rows} ${r.fromSeq}-${r.toSeq}` : r.kind)),
    ).toEqual(['arrow', 'arrow', 'omitted 6 3-8', 'arrow', 'arrow']);
  });
});
