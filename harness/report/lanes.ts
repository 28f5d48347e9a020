import type {
  FaultEntry,
  HttpEntry,
  JournalEntry,
  SipEntry,
} from '../../mock-cec/infrastructure/journal/journal.ts';

/**
 * The ladder's lanes, left to right: who talks to whom in a contact-center
 * integration (issue 6, "Reports"). `client` appears only when an HTTP entry
 * comes from a caller the ladder cannot place.
 */
export type LaneId = 'client' | 'page' | 'integration' | 'cec-http' | 'cec-sip' | 'softphone' | 'customer';

export const laneOrder: readonly LaneId[] = [
  'client',
  'page',
  'integration',
  'cec-http',
  'cec-sip',
  'softphone',
  'customer',
];

export const laneTitles: Record<LaneId, string> = {
  client: 'client',
  page: 'page (bar)',
  integration: 'integration',
  'cec-http': 'CEC HTTP',
  'cec-sip': 'CEC SIP',
  softphone: 'softphone',
  customer: 'customer',
};

/** The APIs the third-party system calls itself (docs/vendor/authentication.md, docs/vendor/cc-management.md); the page calls the rest. */
const integrationApis = new Set(['TokenByAkSk', 'QueryAgentInfo', 'QuerySysInfo', 'QueryAgentLoginParams']);
/** Agent-gateway groups and the bar's own files (docs/vendor/ccbarclient.md, docs/vendor/agent-gateway.md). */
const pageApi = /^(onlineagent|agentevent|voicecall|ccbar)/;
const pagePath = /\/(agentgateway|service-cloud)\//;

export function clientLaneOf(e: Pick<HttpEntry, 'api' | 'path'>): LaneId {
  if (integrationApis.has(e.api)) return 'integration';
  if (pageApi.test(e.api) || pagePath.test(e.path)) return 'page';
  return 'client';
}

/** The simulated customer is an in-process SIP flow (transport "mem"); everything else is a softphone. */
export function sipPeerLaneOf(e: Pick<SipEntry, 'transport' | 'remote'>): LaneId {
  const t = e.transport.toLowerCase();
  return t === 'mem' || t === 'memory' || /customer/i.test(e.remote) ? 'customer' : 'softphone';
}

const sipActions = /^(sip-status|close-connection|expire-nonces)\b/;
const sipTarget = /^[A-Z]+ sips?:/;

/**
 * The lane a fault hit. The entry it shaped shares its correlation id (the
 * HTTP side journals both under the request's); failing that, its action and
 * target tell: SIP actions or a SIP Request-URI → CEC SIP, media → customer,
 * a URL → the token callback at the integration, a path → CEC HTTP.
 */
export function faultLaneOf(fault: FaultEntry, shaped: JournalEntry | undefined): LaneId {
  if (shaped?.kind === 'http') return 'cec-http';
  if (shaped?.kind === 'callback') return 'integration';
  if (shaped?.kind === 'sip') return 'cec-sip';
  if (fault.action.startsWith('media')) return 'customer';
  if (sipActions.test(fault.action) || sipTarget.test(fault.target)) return 'cec-sip';
  if (/^[A-Z]+ https?:/.test(fault.target)) return 'integration';
  return 'cec-http';
}

/** State notes sit on the CEC lane that owns the state: registrations on SIP, the rest on HTTP. */
export function stateLaneOf(entity: string): LaneId {
  return entity === 'registration' ? 'cec-sip' : 'cec-http';
}
