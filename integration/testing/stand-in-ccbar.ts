/**
 * A stand-in for the CEC's ccbarclient.js endpoint (docs/vendor/ccbarclient.md), for the
 * page's browser tests until mock-cec serves its own bar: it takes the POSTed
 * JSON string, calls the integration's verification API exactly as the CEC's
 * token callback does, and answers either a tiny bar script or the vendor's
 * HTTP 500. The "bar" opens a frame named `ccbarclient`, which answers an
 * `eventpost` subscription with two events through the host's `callback`.
 * Test code only: the integration itself never imports it.
 */

import { Hono } from 'hono';
import { Agent, fetch } from 'undici';
import type { AppEnv } from '../web/app-env.ts';
import { type Listening, listen } from '../web/listen.ts';

export type StandInMode = 'pass' | 'tamper' | 'down';

export interface StandInCcbar {
  contextPath: string;
  mode: StandInMode;
  close(): Promise<void>;
}

const barScript = (origin: string) => `(function () {
  var frame = document.createElement('iframe');
  frame.name = 'ccbarclient';
  frame.title = 'Contact-center bar';
  frame.src = ${JSON.stringify(`${origin}/service-cloud/ccbar-frame.html`)};
  window.addEventListener('message', function (e) {
    if (e.origin !== ${JSON.stringify(origin)}) return;
    callback(JSON.parse(e.data));
  });
  document.body.appendChild(frame);
})();`;

const framePage = `<!doctype html><title>bar</title><script>
window.addEventListener('message', function (e) {
  var m = typeof e.data === 'string' ? JSON.parse(e.data) : e.data;
  if (m.name !== 'eventpost') return;
  var send = function (eventType) {
    parent.postMessage(JSON.stringify({ event: { eventType: eventType, workNo: '101', content: null } }), e.origin);
  };
  if (m.param.indexOf('AgentState_Ready') >= 0) send('AgentState_Ready');
  if (m.param.indexOf('AgentOther_PhoneAlerting') >= 0) send('AgentOther_PhoneAlerting');
});
</script>`;

export async function startStandInCcbar(o: {
  tls: { key: string; cert: string; ca: string };
  /** The integration's verification API and page origin, known once it listens. */
  integration: () => { verificationUrl: string; origin: string };
}): Promise<StandInCcbar> {
  const dispatcher = new Agent({ connect: { ca: o.tls.ca } });
  const state = { mode: 'pass' as StandInMode, origin: '' };
  const app = new Hono<AppEnv>();
  app.post('/service-cloud/ccdesktop/pages/cc-bar/js/ccbarclient.js', async (c) => {
    if (state.mode === 'down') {
      c.env.incoming?.socket.destroy(); // as an unreachable CEC looks to the browser: no answer at all
      return c.body(null, 500);
    }
    const { verificationUrl, origin } = o.integration();
    c.header('Access-Control-Allow-Origin', origin);
    const params = JSON.parse(await c.req.text()) as Record<string, string>;
    if (state.mode === 'tamper') params.access_token = `${params.access_token}x`;
    const res = await fetch(verificationUrl, {
      dispatcher,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
    });
    const { retCode } = (await res.json()) as { retCode: unknown };
    if (retCode !== 0) return c.text('thridParty validate failed and the errorMessage is null', 500);
    return c.body(barScript(state.origin), 200, { 'content-type': 'application/javascript' });
  });
  app.get('/service-cloud/ccbar-frame.html', (c) => c.html(framePage));
  const listening: Listening = await listen(app, { host: '127.0.0.1', port: 0, tls: o.tls });
  state.origin = listening.url;
  return {
    contextPath: `${listening.url}/service-cloud/`,
    get mode() {
      return state.mode;
    },
    set mode(m: StandInMode) {
      state.mode = m;
    },
    async close() {
      await listening.close();
      await dispatcher.close();
    },
  };
}
