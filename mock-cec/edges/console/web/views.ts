/**
 * What the control API answers, as the console reads it. Types only (erased
 * when served): the server's own types where it exports them, so that a change
 * there breaks the console's type check rather than the page.
 */
import type { CallView } from '../../../domain/acd/call-record.ts';
import type { FaultRule } from '../../../domain/faults/fault-rule.ts';
import type { tenantView } from '../../control/tenant-view.ts';

export type { CallView } from '../../../domain/acd/call-record.ts';
export type { AgentState } from '../../../domain/agents/agent-state.ts';
export type { JournalEntry, JournalKind } from '../../../infrastructure/journal/journal.ts';

export type TenantView = ReturnType<typeof tenantView>;

/** GET /__mock/tenants/{id}/agents. */
export type { AgentView } from '../../control/calls-control.ts';

/** GET /__mock/calls: each call with its tenant. */
export type TenantCall = CallView & { tenant: string };

/** GET /__mock/faults: each rule with its counters and its action in words. */
export type FaultView = FaultRule & { matched: number; applied: number; actionText: string };

/** GET /__mock/sip/registrations (the SIP side, when there is one). */
export interface RegistrationView {
  sipAccount: string;
  workNo?: number;
  transport?: string;
  remote?: string;
  contact?: string;
  expiresInSec?: number;
  userAgent?: string;
}
