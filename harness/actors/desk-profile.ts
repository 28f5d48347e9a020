/**
 * How an integration's agent desk looks to the harness: where the login form
 * is, what its messages say, where it shows the bar's and the phone's state.
 * Data only (Playwright selectors and patterns), so a team whose page differs
 * from the reference integration's describes theirs without writing code.
 * The bar itself is the simulator's (frame `ccbarclient`) and needs no profile.
 */
export interface DeskProfile {
  loginPath: string;
  /** Selectors of the login form's fields and button. */
  username: string;
  password: string;
  submit: string;
  /** The login page's error message. */
  loginError: string;
  /** A login error that says the account or address is locked out. */
  lockedText: RegExp;
  /** The URL after a successful login. */
  signedInUrl: RegExp;
  /** Where the page tells how loading the bar went, and what each outcome says. */
  barStatus: string;
  barText: { loaded: RegExp; refused: RegExp; failed: RegExp; unreachable: RegExp };
  /** The button that opens the bar's panel (rendered by ccbarclient.js). */
  barToggle: string;
  /** The agent's state as the page shows it, from the bar's events. */
  agentState: string;
  /** The page's own softphone: registration and call state, and its buttons. */
  phoneState: string;
  phoneRegistered: RegExp;
  phoneRefused: RegExp;
  callState: string;
  pickUp: string;
  endCall: string;
  /** The page's API giving its softphone the agent's SIP credentials (refused when the agent uses OpenEye). */
  softphoneApi: string;
  /** Where the page pops the calling customer's card (a CRM's screen pop), if it has one. */
  customerCard?: string;
}

/** The reference integration (integration/web/pages.ts, client/desk.ts). */
export const referenceDesk: DeskProfile = {
  loginPath: '/login',
  username: '#username',
  password: '#password',
  submit: 'form[action="/login"] button[type="submit"]',
  loginError: '#login-error',
  lockedText: /locked|too many/i,
  signedInUrl: /\/desk$/,
  barStatus: '#bar-status',
  barText: {
    loaded: /bar is loaded/i,
    refused: /refused the sign-in token/i,
    failed: /could not load the bar/i,
    unreachable: /cannot be reached/i,
  },
  barToggle: '#aicc-ccbar-toggle',
  agentState: '#agent-state',
  phoneState: '#phone-state',
  phoneRegistered: /^Registered$/,
  phoneRefused: /refused|disconnected/i,
  callState: '#call-state',
  pickUp: '#pick-up',
  endCall: '#end-call',
  softphoneApi: '/api/softphone',
  customerCard: '#customer-card',
};
