import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { DevCert } from '../edges/http/dev-cert.ts';

/** How the tiny verification API answers the token callback. */
export type VerifyMode = 'ok' | 'refuse' | 'string' | 'hang';

export const VERIFY_PATH = '/rest/cc-management/v1/thirdparty/thirdPartyValidate';

/** The events the sample page subscribes to: the vendor's list plus the rest of docs/vendor/agent-events.md. */
export const PAGE_EVENTS = [
  'AgentOther_InService',
  'AgentOther_ShutdownService',
  'AgentOther_PhoneAlerting',
  'AgentOther_PhoneOffhook',
  'AgentOther_PhoneRelease',
  'AgentState_Busy',
  'AgentState_Work',
  'AgentState_Ready',
  'AgentState_SetNotReady_Success',
  'AgentState_CancelNotReady_Success',
  'AgentState_SetRest_Success',
  'AgentState_CancelRest_Success',
  'AgentState_Rest_Timeout',
  'AgentState_SetWork_Success',
  'AgentState_CancelWork_Success',
  'AgentEvent_Ringing',
  'AgentEvent_Auto_Answer',
  'AgentEvent_Talking',
  'AgentEvent_Customer_Alerting',
  'AgentEvent_Call_Out_Fail',
  'AgentEvent_Call_Release',
  'AgentEvent_Customer_Release',
  'AgentEvent_No_Answer',
];

/**
 * A third party's page written from the vendor's sample (docs/vendor/ccbarclient.md):
 * it defines $aicc_ContextPath, POSTs the JSON string to ccbarclient.js,
 * injects the answer as an inline script, defines the global callback and
 * subscribes with postMessage once the frame has loaded.
 */
function deskPage(o: { contextPath: string; token: string; tenant: string; account: string }): string {
  const js = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>CRM desk</title></head>
<body>
<h1>CRM desk</h1>
<p id="bar-status" role="status">Loading the contact center bar</p>
<ol id="events" aria-label="Bar events"></ol>
<script>
  var $aicc_ContextPath = ${js(o.contextPath)};
  window.seen = [];
  function callback(message) {
    window.seen.push(message.event);
    var li = document.createElement('li');
    li.textContent = message.event.eventType;
    document.getElementById('events').appendChild(li);
  }
  (function loadBar() {
    var xhr = new XMLHttpRequest();
    xhr.open('POST', $aicc_ContextPath + 'ccdesktop/pages/cc-bar/js/ccbarclient.js', true);
    xhr.setRequestHeader('Content-Type', 'application/json;charset=UTF-8');
    xhr.onreadystatechange = function () {
      if (xhr.readyState !== 4) return;
      var status = document.getElementById('bar-status');
      if (xhr.status !== 200) {
        status.textContent = 'The contact center bar did not load: HTTP ' + xhr.status + ' ' + xhr.responseText;
        return;
      }
      var script = document.createElement('script');
      script.text = xhr.responseText;
      document.body.appendChild(script);
      status.textContent = 'Contact center bar loaded';
      document.getElementsByName('ccbarclient')[0].addEventListener('load', function () {
        window.frames['ccbarclient'].postMessage(JSON.stringify({ name: 'eventpost', param: ${js(PAGE_EVENTS)} }), '*');
        window.barReady = true;
      });
    };
    xhr.send(JSON.stringify({ access_token: ${js(o.token)}, tenantSpaceId: ${js(o.tenant)}, userAccount: ${js(o.account)} }));
  })();
</script>
</body>
</html>`;
}

/**
 * The third party in a browser test: an HTTPS site serving the desk page and
 * a tiny verification API that vouches for the tokens it issued.
 */
export async function startHostSite(cert: DevCert) {
  const tokens = new Map<string, string>();
  const modes = new Map<string, VerifyMode>();
  let contextPath = '';
  let next = 0;

  const server = createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://host');
    if (req.method === 'GET' && url.pathname === '/desk') {
      const account = url.searchParams.get('account') ?? '';
      const token = `user-token-${++next}`;
      tokens.set(token, account);
      const page = deskPage({ contextPath, token, tenant: url.searchParams.get('tenant') ?? '', account });
      res.writeHead(200, { 'content-type': 'text/html;charset=UTF-8' }).end(page);
      return;
    }
    if (req.method === 'POST' && url.pathname === VERIFY_PATH) {
      let text = '';
      req.on('data', (c) => {
        text += c;
      });
      req.on('end', () => {
        const body = JSON.parse(text) as { access_token: string; tenantSpaceId: string; userAccount: string };
        const mode = modes.get(body.tenantSpaceId) ?? 'ok';
        if (mode === 'hang') return;
        const valid = mode !== 'refuse' && tokens.get(body.access_token) === body.userAccount;
        const answer =
          mode === 'string'
            ? { retCode: '0', message: 'validate success' }
            : valid
              ? { retCode: 0, message: 'validate success' }
              : { retCode: 1, message: 'invalid token' };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    verifyUrl: `${origin}${VERIFY_PATH}`,
    /** Where the page reaches the CEC, e.g. https://127.0.0.1:8043/service-cloud/ */
    setContextPath(path: string) {
      contextPath = path;
    },
    /** How the verification API answers for one tenant's callbacks. */
    setMode(tenant: string, mode: VerifyMode) {
      modes.set(tenant, mode);
    },
    deskUrl: (tenant: string, account: string) =>
      `${origin}/desk?tenant=${encodeURIComponent(tenant)}&account=${encodeURIComponent(account)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type HostSite = Awaited<ReturnType<typeof startHostSite>>;
