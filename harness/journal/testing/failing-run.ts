import type { JournalEntry } from '../../../mock-cec/infrastructure/journal/journal.ts';
import type { StepMark } from '../step-mark.ts';
import { JournalBuilder } from './journal-builder.ts';

/** What a hostile client could put into the journal: it must stay text on the page. */
export const INJECTED = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

/**
 * A run that goes wrong in most of the ways the ladder must show: a fault
 * rule answering 500, a token callback answering retCode as a string, the
 * bar refused, a REGISTER answered 503 by a fault, one-way audio, a failing
 * step with its error, an unknown caller, and a request path carrying markup.
 */
export function failingRunJournal(): { entries: JournalEntry[]; marks: StepMark[] } {
  const j = new JournalBuilder();
  const marks: StepMark[] = [];
  const step = (label: string, ok = true, error?: string) =>
    marks.push({ afterSeq: j.entries.length, label, ok, ...(error ? { error } : {}) });

  step('integration syncs the agents');
  j.add(
    {
      kind: 'http',
      api: 'TokenByAkSk',
      method: 'POST',
      path: '/apigovernance/api/oauth/tokenByAkSk',
      status: 401,
      ms: 1,
      note: 'unknown app_key',
    },
    null,
  );
  j.after(20).http('TokenByAkSk', 'POST', '/apigovernance/api/oauth/tokenByAkSk', 200);
  const sync = j.after(5).corr();
  j.add({
    kind: 'fault',
    corr: sync,
    rule: 'qai-500',
    action: 'status 500',
    target: 'GET /apiaccess/CC-Management/v1/queryAgentInfo',
  });
  j.http('QueryAgentInfo', 'GET', '/apiaccess/CC-Management/v1/queryAgentInfo', 500, {
    corr: sync,
    fault: 'qai-500',
  });
  j.after(2).http('unknown', 'GET', `/apiaccess/${INJECTED}`, 404, { note: INJECTED });

  step(
    'the bar loads',
    false,
    'expected the bar to load, but ccbarclient.js answered 500\nthridParty validate failed and the errorMessage is null',
  );
  const bar = j.after(300).corr();
  j.add({
    kind: 'callback',
    corr: bar,
    url: 'https://127.0.0.1:8443/rest/cc-management/v1/thirdparty/thirdPartyValidate',
    outcome: 'refused',
    retCode: '0',
    reason: 'alice: retCode is the string "0", not the integer 0',
    ms: 4,
  });
  j.http('ccbarclient', 'POST', '/service-cloud/ccdesktop/pages/cc-bar/js/ccbarclient.js', 500, {
    corr: bar,
    note: 'token callback: retCode is a string',
  });

  step('softphone registers', false, 'REGISTER answered 503 Service Unavailable (fault reg-503)');
  j.after(100).add({
    kind: 'fault',
    rule: 'reg-503',
    action: 'sip-status 503',
    target: 'REGISTER sip:127.0.0.1',
  });
  j.sip('in', 'wss', 'REGISTER sip:127.0.0.1 SIP/2.0', { callId: 'r3g-41', agent: 101, cseq: '1 REGISTER' });
  j.sip('out', 'wss', 'SIP/2.0 503 Service Unavailable', {
    callId: 'r3g-41',
    agent: 101,
    cseq: '1 REGISTER',
    fault: 'reg-503',
  });
  j.sip('in', 'wss', `OPTIONS sip:${INJECTED} SIP/2.0`, { callId: INJECTED });

  step('audio both ways', false, 'no audio from the customer: inbound-rtp packetsReceived stayed 0');
  j.after(500).add({ kind: 'fault', rule: 'mute', action: 'media one-way-out', target: 'call mc-1' });
  j.add({ kind: 'media', callId: 'mc-1', event: 'connected', detail: 'sending nothing (fault mute)' });
  for (let i = 0; i < 5000; i++) j.after(10_000).quietPoll();
  j.event('101', 'AgentOther_ShutdownService');
  return { entries: j.entries, marks };
}
