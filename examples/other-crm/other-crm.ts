/**
 * Other CRM: a small third-party desk that is NOT mock-cec's reference
 * integration, to prove that the harness tests "your own integration" from its
 * project config alone. Its own stack (node:http, no framework), its own login
 * form, selectors and texts, its own ticket store and verification API, and
 * the bar loaded the vendor's way (XMLHttpRequest, the script injected as the
 * vendor's sample does, a global `callback`). Agents use a desktop softphone.
 *
 *   node --import tsx examples/other-crm/other-crm.ts --port 3300 --cec https://127.0.0.1:8043 \
 *     --tenant 300100200300400500 --users examples/other-crm/users.json --cert-dir .mock-cec/certs
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';

export interface CrmUser {
  login: string;
  secret: string;
  /** The contact-center agent account this user signs the bar in as. */
  accountCode: string;
}

export interface OtherCrmOptions {
  port?: number;
  host?: string;
  /** The CEC's base URL; the bar is at <cec>/service-cloud/. */
  cec: string;
  tenantSpaceId: string;
  users: CrmUser[];
  /** PEM certificate and key: the page must be HTTPS, as the bar's is, or the bar's session cookie is cross-site. */
  cert: string;
  key: string;
}

export interface OtherCrm {
  url: string;
  close(): Promise<void>;
}

/** The path the CEC calls to verify a ticket (the tenant's callback.url). */
export const VERIFY_PATH = '/crm/cec/verify';
const TICKET_TTL_MS = 60_000;
const MAX_FAILURES = 5;

interface Ticket {
  accountCode: string;
  tenantSpaceId: string;
  expiresAt: number;
}

export async function startOtherCrm(o: OtherCrmOptions): Promise<OtherCrm> {
  const sessions = new Map<string, CrmUser>();
  const tickets = new Map<string, Ticket>();
  const failures = new Map<string, number>();
  const contextPath = `${o.cec.replace(/\/$/, '')}/service-cloud/`;

  const server: Server = createServer({ cert: o.cert, key: o.key }, (req, res) => {
    handle(req, res).catch(() => send(res, 500, 'text/plain', 'internal error'));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const user = sessions.get(cookie(req, 'crm_sid') ?? '');
    if (req.method === 'GET' && (path === '/' || path === '/signin'))
      return send(res, 200, HTML, signinPage());
    if (req.method === 'POST' && path === '/signin') {
      const form = new URLSearchParams(await body(req));
      const login = form.get('login') ?? '';
      if ((failures.get(login) ?? 0) >= MAX_FAILURES)
        return send(res, 200, HTML, signinPage('Account temporarily blocked after too many attempts.'));
      const found = o.users.find((u) => u.login === login && same(u.secret, form.get('secret') ?? ''));
      if (!found) {
        failures.set(login, (failures.get(login) ?? 0) + 1);
        return send(res, 200, HTML, signinPage('Wrong login or secret.'));
      }
      failures.delete(login);
      const sid = randomBytes(18).toString('base64url');
      sessions.set(sid, found);
      res.writeHead(303, {
        location: '/workspace',
        'set-cookie': `crm_sid=${sid}; HttpOnly; Secure; SameSite=Lax; Path=/`,
      });
      return void res.end();
    }
    if (req.method === 'GET' && path === '/workspace') {
      if (!user) return redirect(res, '/signin');
      return send(res, 200, HTML, workspacePage(user, contextPath));
    }
    if (req.method === 'POST' && path === '/crm/cc-ticket') {
      if (!user) return send(res, 401, JSON_TYPE, JSON.stringify({ error: 'signed out' }));
      const ticket = randomBytes(24).toString('hex');
      tickets.set(ticket, {
        accountCode: user.accountCode,
        tenantSpaceId: o.tenantSpaceId,
        expiresAt: Date.now() + TICKET_TTL_MS,
      });
      return send(
        res,
        200,
        JSON_TYPE,
        JSON.stringify({
          access_token: ticket,
          tenantSpaceId: o.tenantSpaceId,
          userAccount: user.accountCode,
        }),
      );
    }
    if (req.method === 'POST' && path === VERIFY_PATH) {
      // The CEC asks whether a ticket is ours: one use, for this account and tenant, not expired.
      let claim: Record<string, unknown> = {};
      try {
        claim = JSON.parse(await body(req)) as Record<string, unknown>;
      } catch {
        // an empty claim is refused below
      }
      const ticket = typeof claim.access_token === 'string' ? tickets.get(claim.access_token) : undefined;
      if (typeof claim.access_token === 'string') tickets.delete(claim.access_token);
      const ok =
        ticket !== undefined &&
        ticket.expiresAt > Date.now() &&
        ticket.accountCode === claim.userAccount &&
        ticket.tenantSpaceId === claim.tenantSpaceId;
      return send(
        res,
        200,
        JSON_TYPE,
        JSON.stringify(
          ok ? { retCode: 0, message: 'validate success' } : { retCode: 401, message: 'unknown ticket' },
        ),
      );
    }
    send(res, 404, 'text/plain', 'not found');
  }

  await new Promise<void>((resolve) => server.listen(o.port ?? 0, o.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://${o.host ?? '127.0.0.1'}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json';

function send(res: ServerResponse, status: number, type: string, text: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(text);
}

function redirect(res: ServerResponse, to: string): void {
  res.writeHead(303, { location: to });
  res.end();
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === name) return v;
  }
  return undefined;
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > 8192) req.destroy();
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function signinPage(alert?: string): string {
  return `<!doctype html><html><head><title>Other CRM — sign in</title></head><body>
<h1>Other CRM</h1>
<form id="signin" method="post" action="/signin">
  <label>Login <input name="login" autocomplete="username"></label>
  <label>Secret <input name="secret" type="password" autocomplete="current-password"></label>
  <button id="go" type="submit">Sign in</button>
</form>
${alert ? `<p class="alert" role="alert">${esc(alert)}</p>` : ''}
</body></html>`;
}

/** The vendor's sample page, as a CRM that never read our reference integration would write it. */
function workspacePage(user: CrmUser, contextPath: string): string {
  return `<!doctype html><html><head><title>Other CRM — workspace</title></head><body>
<h1>Workspace of ${esc(user.login)}</h1>
<div id="cc-status">Connecting to the contact center…</div>
<div>Agent: <span id="cc-agent">unknown</span></div>
<script>
var $aicc_ContextPath = ${JSON.stringify(contextPath).replace(/</g, '\\u003c')};
var ccStatus = document.getElementById('cc-status');
// The bar delivers its events to this global.
function callback(message) {
  var type = message && message.event && message.event.eventType;
  if (type) document.getElementById('cc-agent').textContent = String(type);
}
function importScript(source) {
  var script = document.createElement('script');
  script.type = 'text/javascript';
  script.text = source;
  document.head.appendChild(script);
}
function subscribe() {
  var origin = new URL($aicc_ContextPath).origin;
  var post = function () {
    var frame = window.frames['ccbarclient'];
    if (frame) frame.postMessage(JSON.stringify({ name: 'eventpost', param: ['AgentState_Ready', 'AgentState_SetNotReady_Success', 'AgentState_Rest', 'AgentEvent_Ringing', 'AgentEvent_Talking', 'AgentEvent_Call_Release', 'AgentEvent_Customer_Release'] }), origin);
  };
  var watch = setInterval(function () {
    var el = document.querySelector('iframe[name="ccbarclient"]');
    if (el) { clearInterval(watch); el.addEventListener('load', post); post(); }
  }, 100);
}
function loadBar(ticket) {
  var xhr = new XMLHttpRequest();
  xhr.open('POST', $aicc_ContextPath + 'ccdesktop/pages/cc-bar/js/ccbarclient.js');
  xhr.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded; charset=UTF-8');
  xhr.onload = function () {
    if (xhr.status === 200) {
      subscribe();
      importScript(xhr.responseText);
      ccStatus.textContent = 'Contact center ready to take calls.';
    } else if (xhr.status === 500 && /validate failed/i.test(xhr.responseText)) {
      ccStatus.textContent = 'The contact center rejected our ticket.';
    } else {
      ccStatus.textContent = 'Contact center error (HTTP ' + xhr.status + ').';
    }
  };
  xhr.onerror = function () { ccStatus.textContent = 'Contact center offline.'; };
  xhr.send(JSON.stringify(ticket));
}
var ticketRequest = new XMLHttpRequest();
ticketRequest.open('POST', '/crm/cc-ticket');
ticketRequest.onload = function () {
  if (ticketRequest.status !== 200) { ccStatus.textContent = 'Contact center error (HTTP ' + ticketRequest.status + ').'; return; }
  loadBar(JSON.parse(ticketRequest.responseText));
};
ticketRequest.onerror = function () { ccStatus.textContent = 'Contact center offline.'; };
ticketRequest.send('{}');
</script>
</body></html>`;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '3300' },
      cec: { type: 'string', default: 'https://127.0.0.1:8043' },
      tenant: { type: 'string' },
      users: { type: 'string' },
      'cert-dir': { type: 'string', default: '.mock-cec/certs' },
    },
  });
  if (!values.tenant || !values.users) {
    process.stderr.write('other-crm: give --tenant TENANT_SPACE_ID and --users users.json\n');
    process.exitCode = 2;
    return;
  }
  const crm = await startOtherCrm({
    port: Number(values.port),
    cec: values.cec,
    tenantSpaceId: values.tenant,
    users: JSON.parse(readFileSync(values.users, 'utf8')) as CrmUser[],
    // mock-cec's development certificate (valid for 127.0.0.1 and localhost), whose CA the simulator trusts.
    cert: readFileSync(`${values['cert-dir']}/server-cert.pem`, 'utf8'),
    key: readFileSync(`${values['cert-dir']}/server-key.pem`, 'utf8'),
  });
  process.stdout.write(`other-crm: ${crm.url} (verification API ${crm.url}${VERIFY_PATH})\n`);
  const stop = () => void crm.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'))) {
  await main(process.argv.slice(2));
}
