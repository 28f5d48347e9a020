import type { JournalEntry } from '../../../mock-cec/infrastructure/journal/journal.ts';
import type { StepMark } from '../step-mark.ts';
import { JournalBuilder } from './journal-builder.ts';

const GW = '/agentgateway/resource';
const REG_CALL = 'k3fj2l0q8s7v1a5mpx9r';
const CUSTOMER_CALL = 'mc-7f3a9c2e41b8d6';
const CONTACT = 'sip:r0fg8a2k@q1w2e3r4t5.invalid;transport=ws';

/**
 * A whole inbound call as the simulator journals it, written by hand after
 * docs/vendor/ and the SIP side's entries: the integration gets a token
 * and the agents, the page loads the bar (token callback), the agent signs in,
 * the softphone registers (401 challenge, then 200), a customer calls, the
 * phone rings, the agent answers from the bar, they talk, the customer hangs
 * up. With the step marks a scenario run would add.
 */
export function inboundCallJournal(): { entries: JournalEntry[]; marks: StepMark[] } {
  const j = new JournalBuilder();
  const marks: StepMark[] = [];
  const step = (label: string) => marks.push({ afterSeq: j.entries.length, label, ok: true });

  step('integration syncs the agents');
  j.http('TokenByAkSk', 'POST', '/apigovernance/api/oauth/tokenByAkSk', 200, {
    note: 'issued token for app ak-7Hq2',
  });
  j.after(4).http('QueryAgentInfo', 'GET', '/apiaccess/CC-Management/v1/queryAgentInfo', 200, {
    note: '3 agents',
  });

  step('alice opens the desk; the bar loads');
  const bar = j.after(310).corr();
  j.add({
    kind: 'callback',
    corr: bar,
    url: 'https://127.0.0.1:8443/rest/cc-management/v1/thirdparty/thirdPartyValidate',
    outcome: 'accepted',
    retCode: 0,
    reason: 'alice: validate success',
    ms: 6,
  });
  j.http('ccbarclient', 'POST', '/service-cloud/ccdesktop/pages/cc-bar/js/ccbarclient.js', 200, {
    corr: bar,
    note: 'bar for alice (agent 101)',
  });
  j.after(35).http('ccbar.frame', 'GET', '/service-cloud/ccdesktop/pages/cc-bar/ccbar.html', 200);

  step('sign in from the bar');
  const signIn = j.after(420).corr();
  j.state('session', '101', undefined, 'signed-in', signIn);
  j.state('agent', '101', 'signed-out', 'idle', signIn);
  j.event('101', 'AgentOther_InService', signIn);
  j.event('101', 'AgentState_Ready', signIn);
  j.http('onlineagent.signIn', 'PUT', `${GW}/onlineagent/101`, 200, { corr: signIn, code: '0' });
  j.after(3).http('agentevent.poll', 'GET', `${GW}/agentevent/101`, 200, {
    code: '0',
    note: 'AgentOther_InService',
  });
  j.after(250).http('agentevent.poll', 'GET', `${GW}/agentevent/101`, 200, {
    code: '0',
    note: 'AgentState_Ready',
  });

  step('softphone registers');
  const reg = { callId: REG_CALL, agent: 101, corr: `sip:${REG_CALL}` };
  j.after(120).sip('in', 'wss', 'REGISTER sip:127.0.0.1 SIP/2.0', { ...reg, cseq: '1 REGISTER' });
  j.after(1).sip('out', 'wss', 'SIP/2.0 401 Unauthorized', { ...reg, cseq: '1 REGISTER' });
  j.after(14).sip('in', 'wss', 'REGISTER sip:127.0.0.1 SIP/2.0', { ...reg, cseq: '2 REGISTER' });
  j.state('registration', '1001', 'none', 'registered', reg.corr);
  j.after(1).sip('out', 'wss', 'SIP/2.0 200 OK', { ...reg, cseq: '2 REGISTER' });
  for (let i = 0; i < 6; i++) j.after(i === 0 ? 9600 : 10_000).quietPoll();

  step('a customer calls 1001');
  const call = { callId: CUSTOMER_CALL, agent: 101, corr: `sip:${CUSTOMER_CALL}` };
  j.after(800).add({ kind: 'control', action: 'sip.dial', detail: 'customer 13800000001 → 1001 (echo)' });
  j.after(2).sip('in', 'mem', 'INVITE sip:1001@127.0.0.1 SIP/2.0', { ...call, cseq: '1 INVITE' });
  j.sip('out', 'mem', 'SIP/2.0 100 Trying', { ...call, cseq: '1 INVITE' });
  j.after(1).sip('out', 'wss', `INVITE ${CONTACT} SIP/2.0`, { ...call, cseq: '1 INVITE' });
  j.state('call', 'call-1', undefined, 'offered', 'c-ring');
  j.after(38).sip('in', 'wss', 'SIP/2.0 180 Ringing', { ...call, cseq: '1 INVITE' });
  j.sip('out', 'mem', 'SIP/2.0 180 Ringing', { ...call, cseq: '1 INVITE' });
  j.state('call', 'call-1', 'offered', 'ringing', 'c-ring');
  j.state('agent', '101', 'idle', 'ringing', 'c-ring');
  j.event('101', 'AgentOther_PhoneAlerting', 'c-ring');
  j.event('101', 'AgentEvent_Ringing', 'c-ring');
  j.http('agentevent.poll', 'GET', `${GW}/agentevent/101`, 200, {
    code: '0',
    note: 'AgentOther_PhoneAlerting',
  });
  j.after(240).http('agentevent.poll', 'GET', `${GW}/agentevent/101`, 200, {
    code: '0',
    note: 'AgentEvent_Ringing',
  });

  step('alice answers from the bar');
  const answer = j.after(1900).corr();
  j.sip('out', 'wss', `NOTIFY ${CONTACT} SIP/2.0`, {
    callId: 'ntf-5d1c',
    agent: 101,
    cseq: '1 NOTIFY',
    corr: answer,
  });
  j.http('voicecall.answer', 'PUT', `${GW}/voicecall/101/answer`, 200, { corr: answer, code: '0' });
  j.after(2).sip('in', 'wss', 'SIP/2.0 200 OK', { callId: 'ntf-5d1c', agent: 101, cseq: '1 NOTIFY' });
  j.after(61).sip('in', 'wss', 'SIP/2.0 200 OK', { ...call, cseq: '1 INVITE' });
  j.add({ kind: 'media', callId: CUSTOMER_CALL, event: 'connected', detail: 'DTLS-SRTP, PCMU, echo' });
  j.sip('out', 'mem', 'SIP/2.0 200 OK', { ...call, cseq: '1 INVITE' });
  j.after(1).sip('in', 'mem', 'ACK sip:1001@127.0.0.1 SIP/2.0', { ...call, cseq: '1 ACK' });
  j.sip('out', 'wss', `ACK ${CONTACT} SIP/2.0`, { ...call, cseq: '1 ACK' });
  j.state('call', 'call-1', 'ringing', 'talking', 'c-talk');
  j.state('agent', '101', 'ringing', 'talking', 'c-talk');
  for (const e of ['AgentOther_PhoneOffhook', 'AgentState_Busy', 'AgentEvent_Talking'])
    j.event('101', e, 'c-talk');
  j.after(140).add({
    kind: 'media',
    callId: CUSTOMER_CALL,
    event: 'first-rtp',
    detail: 'in 1 pkt, out 1 pkt',
  });
  for (const e of ['AgentOther_PhoneOffhook', 'AgentState_Busy', 'AgentEvent_Talking']) {
    j.after(230).http('agentevent.poll', 'GET', `${GW}/agentevent/101`, 200, { code: '0', note: e });
  }

  step('the customer hangs up');
  j.after(7900).sip('in', 'mem', 'BYE sip:1001@127.0.0.1 SIP/2.0', { ...call, cseq: '2 BYE' });
  j.sip('out', 'wss', `BYE ${CONTACT} SIP/2.0`, { ...call, cseq: '2 BYE' });
  j.after(4).sip('in', 'wss', 'SIP/2.0 200 OK', { ...call, cseq: '2 BYE' });
  j.sip('out', 'mem', 'SIP/2.0 200 OK', { ...call, cseq: '2 BYE' });
  j.add({
    kind: 'media',
    callId: CUSTOMER_CALL,
    event: 'ended',
    detail: 'rx 402 pkts, tx 404 pkts, energy 0.41',
  });
  j.state('call', 'call-1', 'talking', 'ended', 'c-bye');
  j.state('agent', '101', 'talking', 'idle', 'c-bye');
  const release = ['AgentEvent_Call_Release', 'AgentEvent_Customer_Release', 'AgentOther_PhoneRelease'];
  for (const e of [...release, 'AgentState_Ready']) j.event('101', e, 'c-bye');
  for (const e of [...release, 'AgentState_Ready']) {
    j.after(230).http('agentevent.poll', 'GET', `${GW}/agentevent/101`, 200, { code: '0', note: e });
  }
  for (let i = 0; i < 3; i++) j.after(10_000).quietPoll();
  return { entries: j.entries, marks };
}
