import type { NewEntry } from '../../infrastructure/journal/journal.ts';
import type { Logger } from '../../infrastructure/primitives/logger.ts';
import type { TenantRuntime } from '../../infrastructure/state/tenant-runtime.ts';
import type { AgentBook, AgentRecord } from '../agents/agent-book.ts';
import type { CustomerCalls } from '../calls/customer-calls.ts';
import type { CustomerDirectory } from './customer-directory.ts';

/** What the ACD works with: the tenant, its agents, the SIP side, the journal. */
export interface AcdContext {
  tenant: TenantRuntime;
  agents: AgentBook;
  calls: CustomerCalls;
  directory: CustomerDirectory;
  append(entry: NewEntry): void;
  nextCorr(): string;
  logger: Logger;
  /** Told when an agent leaves a call for a resting state (the desk starts a rest timer). */
  onLanded?(agent: AgentRecord, rest: { restMs?: number; connected?: boolean }, corr: string): void;
}
