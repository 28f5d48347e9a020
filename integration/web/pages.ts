import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/**
 * The two pages, small and plain: server-rendered HTML (escaped by hono/html),
 * one stylesheet, one script bundle, labels and live regions for screen
 * readers. The login page works without JavaScript.
 */
type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

function layout(title: string, body: Html): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/assets/desk.css">
</head>
${body}
</html>`;
}

export interface LoginView {
  csrf: string;
  username?: string;
  error?: string;
}

export function loginPage(v: LoginView): Html {
  return layout(
    'Sign in — Agent desk',
    html`<body class="login">
<main>
<h1>Agent desk</h1>
<form method="post" action="/login">
<input type="hidden" name="csrf" value="${v.csrf}">
${v.error ? html`<p class="error" role="alert" id="login-error">${v.error}</p>` : ''}
<label for="username">User name</label>
<input id="username" name="username" autocomplete="username" required maxlength="64" value="${v.username ?? ''}"${v.error ? raw(' aria-describedby="login-error"') : ''} autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="128">
<button type="submit">Sign in</button>
</form>
</main>
</body>`,
  );
}

export interface DeskView {
  nonce: string;
  username: string;
  accountCode: string;
  /** Undefined when the CEC no longer lists the agent account. */
  workNo: number | undefined;
  /** `$aicc_ContextPath` (docs/vendor/ccbarclient.md). */
  contextPath: string;
}

/** JSON for an inline script: `<` escaped so that no value can close the script element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function deskPage(v: DeskView): Html {
  return layout(
    'Agent desk',
    html`<body class="desk">
<header>
<h1>Agent desk</h1>
<p>Signed in as <strong>${v.username}</strong> — ${v.workNo === undefined ? 'agent account removed' : `agent ${v.workNo}`} (${v.accountCode})</p>
<form method="post" action="/logout"><button type="submit">Log out</button></form>
</header>
<main>
<section aria-labelledby="bar-heading">
<h2 id="bar-heading">Contact center</h2>
<p id="bar-status" role="status">Loading the contact-center bar…</p>
<p>Agent state: <strong id="agent-state" aria-live="polite">Offline</strong></p>
<p id="incoming" class="incoming" role="alert" hidden></p>
</section>
<section id="customer-card" class="card" aria-labelledby="card-heading" hidden>
<h2 id="card-heading">Caller</h2>
<p id="card-name" class="card-name"></p>
<dl id="card-details"></dl>
</section>
<section aria-labelledby="log-heading">
<h2 id="log-heading">Recent calls</h2>
<table id="call-log"><thead><tr><th>Number</th><th>Customer</th><th>Talk (s)</th><th>Disposition</th></tr></thead><tbody></tbody></table>
</section>
<section aria-labelledby="phone-heading">
<h2 id="phone-heading">Softphone</h2>
<p>Phone: <strong id="phone-state" aria-live="polite">Not registered</strong></p>
<p id="call-state" role="status"></p>
<button type="button" id="pick-up" disabled>Pick up</button>
<button type="button" id="end-call" disabled>End call</button>
<audio id="remote-audio" autoplay></audio>
</section>
</main>
<script nonce="${v.nonce}">
// The vendor's bar reads this global (docs/vendor/ccbarclient.md); the name is theirs.
const $aicc_ContextPath = ${raw(scriptJson(v.contextPath))};
</script>
<script type="module" nonce="${v.nonce}" src="/assets/desk.js"></script>
</body>`,
  );
}
