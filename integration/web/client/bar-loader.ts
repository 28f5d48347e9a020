/**
 * Load the vendor's bar the way its sample page does (docs/vendor/ccbarclient.md): POST
 * the JSON *string* `{access_token, tenantSpaceId, userAccount}` to
 * `$aicc_ContextPath + "ccdesktop/pages/cc-bar/js/ccbarclient.js"` and inject
 * the answer as an inline script.
 */
export interface BarParams {
  access_token: string;
  tenantSpaceId: string;
  userAccount: string;
}

export type BarLoad =
  | { kind: 'loaded' }
  /** HTTP 500 with the vendor's text: our verification API refused the token. */
  | { kind: 'refused' }
  | { kind: 'failed'; status: number }
  /** No answer at all: the CEC is unreachable, its certificate untrusted, or CORS refused us. */
  | { kind: 'unreachable' };

export const CCBAR_PATH = 'ccdesktop/pages/cc-bar/js/ccbarclient.js';

export async function loadBar(contextPath: string, params: BarParams, nonce: string): Promise<BarLoad> {
  let res: Response;
  try {
    res = await fetch(contextPath + CCBAR_PATH, {
      method: 'POST',
      // What the sample's jQuery $.ajax sends for a string body: a CORS "simple request", so no
      // preflight the CEC would have to answer; the body is the JSON string all the same.
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      body: JSON.stringify(params),
      signal: AbortSignal.timeout(20_000),
    });
  } catch {
    return { kind: 'unreachable' };
  }
  const text = await res.text();
  if (res.status === 500 && /validate failed/i.test(text)) return { kind: 'refused' };
  if (!res.ok) return { kind: 'failed', status: res.status };
  injectScript(text, nonce);
  return { kind: 'loaded' };
}

/** The sample's importScript, plus the page's CSP nonce, without which the inline script would not run. */
function injectScript(source: string, nonce: string): void {
  const script = document.createElement('script');
  script.type = 'text/javascript';
  script.nonce = nonce;
  script.text = source;
  (document.head ?? document.body).appendChild(script);
}

export function describeBarLoad(load: BarLoad): string {
  switch (load.kind) {
    case 'loaded':
      return 'The contact-center bar is loaded: open it with the button at the lower right.';
    case 'refused':
      return 'The contact center refused the sign-in token (its verification failed). Reload the page; if it happens again, tell an administrator.';
    case 'failed':
      return `The contact center could not load the bar (HTTP ${load.status}). Try again in a moment.`;
    case 'unreachable':
      return 'The contact center cannot be reached (network error, untrusted certificate, or this page is not on its allowed origins).';
  }
}
