import * as agentActions from './actions/agent-actions.ts';
import * as cecActions from './actions/cec-actions.ts';
import * as phoneActions from './actions/phone-actions.ts';
import * as agentExpectations from './expectations/agent-expectations.ts';
import * as callExpectations from './expectations/call-expectations.ts';
import * as crmExpectations from './expectations/crm-expectations.ts';
import * as journalExpectations from './expectations/journal-expectations.ts';
import type { StepHandler } from './step-handler.ts';
import type { StepName } from './step-schema.ts';

/** Every step name with its handler: the compiler checks that none is missing. */
export const handlers: { [K in StepName]: StepHandler<K> } = {
  login: agentActions.login,
  signIn: agentActions.signIn,
  signOut: agentActions.signOut,
  ready: agentActions.ready,
  busy: agentActions.busy,
  rest: agentActions.rest,
  work: agentActions.work,
  answer: agentActions.answer,
  hangup: agentActions.hangup,
  callOut: agentActions.callOut,
  stopRecording: agentActions.stopRecording,
  holdCall: agentActions.holdCall,
  mute: agentActions.mute,
  transfer: agentActions.transfer,
  disconnect: agentActions.disconnect,
  callInner: agentActions.callInner,
  consult: agentActions.consult,
  threeParty: agentActions.threeParty,
  consultTransfer: agentActions.consultTransfer,
  cancelConsult: agentActions.cancelConsult,
  register: phoneActions.register,
  dial: phoneActions.dial,
  hold: phoneActions.hold,
  dropConnection: phoneActions.dropConnection,
  pressKeys: phoneActions.pressKeys,
  call: cecActions.call,
  advanceClock: cecActions.advanceClock,
  fault: cecActions.fault,
  clearFaults: cecActions.clearFaults,
  sync: cecActions.sync,
  expectEvent: agentExpectations.expectEvent,
  expectState: agentExpectations.expectState,
  expectMessage: agentExpectations.expectMessage,
  expectBar: agentExpectations.expectBar,
  expectCard: crmExpectations.expectCard,
  expectCallLog: crmExpectations.expectCallLog,
  expectPhone: agentExpectations.expectPhone,
  expectAudio: callExpectations.expectAudio,
  expectCall: callExpectations.expectCall,
  expectDigits: callExpectations.expectDigits,
  expectHearing: callExpectations.expectHearing,
  expectRecording: callExpectations.expectRecording,
  expectJournal: journalExpectations.expectJournal,
  expectHttp: journalExpectations.expectHttp,
  expectSip: journalExpectations.expectSip,
};
