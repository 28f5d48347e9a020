/**
 * The agent desk's script (bundled with SIP.js by web/page-assets.ts): load the
 * vendor's bar, show its events, and run the softphone.
 */
import { type BarEvent, eventOf, updateFor } from './agent-events.ts';
import { subscribeToBarEvents } from './bar-events.ts';
import { type BarParams, describeBarLoad, loadBar } from './bar-loader.ts';
import { type CallReport, reportFor } from './call-tracker.ts';
import { type PhoneView, Softphone, type SoftphoneCredentials } from './softphone.ts';

/** Defined by the page's inline script, under the vendor's name (docs/vendor/ccbarclient.md). */
declare const $aicc_ContextPath: string;

declare global {
  interface Window {
    /** The bar delivers its events to this global (docs/vendor/ccbarclient.md). */
    callback: (message: unknown) => void;
    /** A handle for debugging and for end-to-end tests (WebRTC statistics, the last events). */
    agentDesk: { softphone: Softphone; events: BarEvent[] };
  }
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const ui = {
  barStatus: $('bar-status'),
  agentState: $('agent-state'),
  incoming: $('incoming'),
  phoneState: $('phone-state'),
  callState: $('call-state'),
  pickUp: $<HTMLButtonElement>('pick-up'),
  endCall: $<HTMLButtonElement>('end-call'),
  audio: $<HTMLAudioElement>('remote-audio'),
  card: $('customer-card'),
  cardName: $('card-name'),
  cardDetails: $('card-details'),
  callLog: $<HTMLTableElement>('call-log'),
};
const nonce = document.querySelector<HTMLScriptElement>('script[src="/assets/desk.js"]')?.nonce ?? '';

const softphone = new Softphone(ui.audio, showPhone);
const events: BarEvent[] = [];
window.agentDesk = { softphone, events };

window.callback = (message) => {
  const event = eventOf(message);
  if (!event) return;
  events.push(event);
  const update = updateFor(event);
  if (update.state) ui.agentState.textContent = update.state;
  if (update.notice === null) ui.incoming.hidden = true;
  else if (update.notice) {
    ui.incoming.textContent = update.notice;
    ui.incoming.hidden = false;
  }
  const report = reportFor(event);
  if (report) void reportCall(report);
};

/** The CRM's customer card, as the server answers it (integration/crm/screen-pop.ts). */
interface CustomerCard {
  callid: string;
  number: string;
  customer: { name: string; accountNo?: string; tier: string; language?: string } | null;
  callData: Record<string, string>;
}

/** Tell the server of the call; on an offer, pop the customer's card before the agent answers. */
async function reportCall(report: CallReport): Promise<void> {
  const answer = await api<CustomerCard>(`/api/calls/${report.step}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(
      report.step === 'offered'
        ? { callid: report.callid, number: report.number }
        : { callid: report.callid },
    ),
  });
  if ('error' in answer) return;
  if (report.step === 'offered') showCard(answer);
  if (report.step === 'ended') void showCallLog();
}

function showCard(card: CustomerCard): void {
  ui.card.dataset.callid = card.callid;
  ui.cardName.textContent = card.customer?.name ?? 'Unknown caller';
  const rows: [string, string][] = [['Number', card.number]];
  if (card.customer?.accountNo) rows.push(['Account', card.customer.accountNo]);
  if (card.customer) rows.push(['Tier', card.customer.tier]);
  if (card.customer?.language) rows.push(['Language', card.customer.language]);
  for (const [key, value] of Object.entries(card.callData)) rows.push([`IVR: ${key}`, value]);
  ui.cardDetails.replaceChildren(
    ...rows.flatMap(([k, v]) => {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v;
      return [dt, dd];
    }),
  );
  ui.card.hidden = false;
}

async function showCallLog(): Promise<void> {
  const log = await api<{
    calls: {
      number: string;
      customer: string | null;
      durationSec: number | null;
      disposition: string | null;
    }[];
  }>('/api/calls');
  if ('error' in log) return;
  const body = ui.callLog.tBodies[0]!;
  body.replaceChildren(
    ...log.calls
      .filter((c) => c.disposition !== null)
      .map((c) => {
        const tr = document.createElement('tr');
        for (const text of [c.number, c.customer ?? '', String(c.durationSec ?? ''), c.disposition ?? '']) {
          const td = document.createElement('td');
          td.textContent = text;
          tr.append(td);
        }
        return tr;
      }),
  );
}

function showPhone(v: PhoneView): void {
  const registration = {
    'not registered': 'Not registered',
    connecting: 'Connecting…',
    registered: 'Registered',
    refused: 'Registration refused',
    disconnected: 'Disconnected',
  }[v.registration];
  ui.phoneState.textContent = v.detail ? `${registration} (${v.detail})` : registration;
  const call = {
    idle: '',
    ringing: `Ringing: ${v.caller ?? 'unknown caller'}`,
    connecting: 'Answering…',
    talking: `In a call with ${v.caller ?? 'the caller'}`,
  }[v.call];
  ui.callState.textContent = v.problem ? `${call} — ${v.problem}` : call;
  ui.pickUp.disabled = v.call !== 'ringing';
  ui.endCall.disabled = v.call === 'idle';
}

ui.pickUp.addEventListener('click', () => void softphone.pickUp());
ui.endCall.addEventListener('click', () => void softphone.endCall());

async function api<T>(path: string, init?: RequestInit): Promise<T | { error: string }> {
  try {
    const res = await fetch(path, { ...init, credentials: 'same-origin' });
    if (res.status === 401) window.location.assign('/login');
    return (await res.json()) as T | { error: string };
  } catch {
    return { error: 'The agent desk server cannot be reached.' };
  }
}

async function startBar(): Promise<void> {
  const params = await api<BarParams>('/api/bar-token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  if ('error' in params) {
    ui.barStatus.textContent = params.error;
    return;
  }
  const cancel = subscribeToBarEvents(new URL($aicc_ContextPath).origin, () => {
    ui.barStatus.textContent =
      'The bar loaded but did not open its event frame; agent events will not show here.';
  });
  const load = await loadBar($aicc_ContextPath, params, nonce);
  if (load.kind !== 'loaded') cancel();
  ui.barStatus.textContent = describeBarLoad(load);
  ui.barStatus.classList.toggle('error', load.kind !== 'loaded');
}

async function startPhone(): Promise<void> {
  const creds = await api<SoftphoneCredentials>('/api/softphone');
  if ('error' in creds) {
    ui.phoneState.textContent = creds.error;
    return;
  }
  await softphone.start(creds);
}

void startBar();
void startPhone();
void showCallLog();
