/** The control API's routes, as data for the OpenAPI description and the README. */
export const controlRoutes = [
  { id: 'health', method: 'GET', path: '/__mock/health', summary: 'Liveness, tenant count and endpoints' },
  { id: 'openapi', method: 'GET', path: '/__mock/openapi.json', summary: 'This description' },
  { id: 'listTenants', method: 'GET', path: '/__mock/tenants', summary: 'Every tenant' },
  {
    id: 'createTenant',
    method: 'POST',
    path: '/__mock/tenants',
    summary: 'Create a tenant: {seed?, agents?, workNoStart?} or {tenant}',
  },
  { id: 'getTenant', method: 'GET', path: '/__mock/tenants/:id', summary: 'One tenant' },
  { id: 'deleteTenant', method: 'DELETE', path: '/__mock/tenants/:id', summary: 'Remove a tenant' },
  {
    id: 'resetTenant',
    method: 'POST',
    path: '/__mock/tenants/:id/reset',
    summary: "Reset a tenant's state, clock offset aside",
  },
  { id: 'getClock', method: 'GET', path: '/__mock/tenants/:id/clock', summary: "A tenant's clock" },
  {
    id: 'advanceClock',
    method: 'POST',
    path: '/__mock/tenants/:id/clock',
    summary: "Advance a tenant's clock: {advanceMs}",
  },
  { id: 'listFaults', method: 'GET', path: '/__mock/faults', summary: 'Fault rules (?tenant=)' },
  { id: 'addFault', method: 'POST', path: '/__mock/faults', summary: 'Add a fault rule' },
  { id: 'clearFaults', method: 'DELETE', path: '/__mock/faults', summary: 'Remove fault rules (?tenant=)' },
  { id: 'removeFault', method: 'DELETE', path: '/__mock/faults/:id', summary: 'Remove one fault rule' },
  {
    id: 'journal',
    method: 'GET',
    path: '/__mock/journal',
    summary: 'Journal entries (?tenant, kind, since, sinceAt, limit, format=ndjson)',
  },
  {
    id: 'journalMark',
    method: 'POST',
    path: '/__mock/journal',
    summary: 'Write a control entry into the journal: {tenant?, action, detail?} (test step marks)',
  },
  { id: 'journalNdjson', method: 'GET', path: '/__mock/journal.ndjson', summary: 'Journal as NDJSON' },
  {
    id: 'journalStream',
    method: 'GET',
    path: '/__mock/journal/stream',
    summary:
      'New journal entries as server-sent events, one `data:` JSON line each with `id:` its seq ' +
      '(?tenant, kind=a,b, since or Last-Event-ID to replay what was missed, tail=N to start with the newest N; ' +
      'a `gap` event counts entries skipped for a slow reader; a heartbeat comment every 15 s)',
  },
  { id: 'console', method: 'GET', path: '/__mock/console', summary: 'The console: a web page over this API' },
  {
    id: 'placeCall',
    method: 'POST',
    path: '/__mock/calls',
    summary: 'A customer calls a skill queue: {tenant, skillId?, from?, to?, behaviour?}',
  },
  { id: 'listCalls', method: 'GET', path: '/__mock/calls', summary: 'Calls, queued to ended (?tenant=)' },
  {
    id: 'hangupCall',
    method: 'DELETE',
    path: '/__mock/calls/:id',
    summary: 'The customer hangs up or gives up (?tenant= when ids clash)',
  },
  {
    id: 'listAgents',
    method: 'GET',
    path: '/__mock/tenants/:id/agents',
    summary: "Agents' states and calls",
  },
  {
    id: 'sipRegistrations',
    method: 'GET',
    path: '/__mock/sip/registrations',
    summary: 'Live SIP registrations of softphones (?tenant=)',
  },
  {
    id: 'sipDial',
    method: 'POST',
    path: '/__mock/sip/dial',
    summary:
      "The simulated customer calls an agent's softphone: {tenant, from?, toSipAccount | workNo, behaviour?}",
  },
  {
    id: 'sipLegs',
    method: 'GET',
    path: '/__mock/sip/legs',
    summary: "The simulated customer's call legs (?tenant=)",
  },
  {
    id: 'sipLeg',
    method: 'GET',
    path: '/__mock/sip/legs/:callId',
    summary: 'One call leg, with media stats',
  },
  {
    id: 'sipHangup',
    method: 'DELETE',
    path: '/__mock/sip/legs/:callId',
    summary: 'Hang up a call leg (CANCEL or BYE)',
  },
] as const;
