/**
 * What the control API (/__mock/) answers, as the harness reads it. The
 * shapes are the simulator's own views, imported as types only: the harness
 * talks to the simulator over HTTP, never through its objects.
 */

import type { z } from 'zod';
import type { CallView } from '../../mock-cec/domain/acd/call-record.ts';
import type { CustomerBehaviour } from '../../mock-cec/domain/calls/customer-calls.ts';
import type { FaultRule, FaultRuleInput } from '../../mock-cec/domain/faults/fault-rule.ts';
import type { AgentView } from '../../mock-cec/edges/control/calls-control.ts';
import type {
  legViewSchema,
  recordingViewSchema,
  registrationViewSchema,
} from '../../mock-cec/edges/control/control-schemas.ts';
import type { JournalEntry, JournalKind } from '../../mock-cec/infrastructure/journal/journal.ts';
import type { MediaStats } from '../../mock-cec/telephony/media/media-engine.ts';

export type { CallView, CustomerBehaviour, FaultRule, FaultRuleInput, JournalEntry, JournalKind, MediaStats };

/** The behaviour fields a caller may leave out (the control API fills the defaults). */
export type BehaviourInput = Partial<CustomerBehaviour>;

export type { AgentView };

/** A simulated customer's call leg, as GET /__mock/sip/legs answers it (its route record's schema). */
export type LegView = z.output<typeof legViewSchema>;

/** A recorded way of a call's agent leg, as GET /__mock/tenants/{id}/calls/{callId}/recordings answers it. */
export type RecordingView = z.output<typeof recordingViewSchema>;

/** A softphone's registration, as GET /__mock/sip/registrations answers it. */
export type RegistrationView = z.output<typeof registrationViewSchema>;

export interface JournalQuery {
  kind?: JournalKind;
  /** Entries after this sequence number. */
  since?: number;
  limit?: number;
}

export type FaultRuleFor = Omit<FaultRuleInput, 'tenant'>;
