/**
 * What the control API (/__mock/) answers, as the harness reads it. The
 * shapes are the simulator's own views, imported as types only: the harness
 * talks to the simulator over HTTP, never through its objects.
 */
import type { CallView } from '../../mock-cec/acd/call-record.ts';
import type { CustomerBehaviour } from '../../mock-cec/calls/customer-calls.ts';
import type { AgentView } from '../../mock-cec/control/calls-control.ts';
import type { FaultRule, FaultRuleInput } from '../../mock-cec/faults/fault-rule.ts';
import type { JournalEntry, JournalKind } from '../../mock-cec/journal/journal.ts';
import type { MediaStats } from '../../mock-cec/media/media-engine.ts';
import type { LegState } from '../../mock-cec/sip/customer/leg-state.ts';

export type { CallView, CustomerBehaviour, FaultRule, FaultRuleInput, JournalEntry, JournalKind, MediaStats };

/** The behaviour fields a caller may leave out (the control API fills the defaults). */
export type BehaviourInput = Partial<CustomerBehaviour>;

export type { AgentView };

export interface LegView {
  callId: string;
  direction: 'inbound' | 'outbound';
  tenant: string;
  from: string;
  to: string;
  state: LegState;
  startedAt: number;
  answeredAt?: number;
  endedAt?: number;
  endReason?: string;
  endStatus?: number;
  /** DTMF keys the customer received, in order. */
  digits?: string;
  media?: MediaStats;
}

export interface RegistrationView {
  tenant: string;
  sipAccount: string;
  workNo?: number;
  contact: string;
  transport: string;
  expiresInSec: number;
}

export interface JournalQuery {
  kind?: JournalKind;
  /** Entries after this sequence number. */
  since?: number;
  limit?: number;
}

export type FaultRuleFor = Omit<FaultRuleInput, 'tenant'>;
