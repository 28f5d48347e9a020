/** What `mock-cec init` writes, by path in the user's project (init-command.ts). */
export function initFiles(tenantYaml: string): Record<string, string> {
  return {
    'mock-cec.tenant.yaml': tenantYaml,
    'mock-cec.config.yaml': CONFIG,
    'scenarios/first-call.scenario.yaml': SCENARIO,
    'tests/first-call.spec.ts': SPEC,
    'playwright.config.ts': PLAYWRIGHT_CONFIG,
  };
}

const CONFIG = `# yaml-language-server: $schema=./node_modules/mock-cec/dist/mock-cec.config.schema.json
# What \`npx mock-cec scenario\`, \`npx mock-cec ladder\` and the fixtures of mock-cec/playwright test.

# The simulated CEC. Without \`url\`, \`mock-cec scenario\` and each Playwright worker start one (with
# tenantFile's tenant, on \`port\`; 0 picks a free one). Your own integration is configured with its
# address: give that port (port: 8043; then run the tests with --workers 1), or start it once beside
# your integration:
#   npx mock-cec start --config mock-cec.tenant.yaml --port 8043
# and give its address:
#   url: https://127.0.0.1:8043
#   ca: .mock-cec/certs/ca-cert.pem        # its development CA (made on its first start)
# MOCK_CEC_URL (and MOCK_CEC_CA) in the environment name one running elsewhere, over this section.
simulator:
  tenantFile: mock-cec.tenant.yaml

# The integration under test. \`reference\` is the one shipped in mock-cec: every scenario and test
# gets a fresh tenant and a fresh reference integration. Yours, instead:
# Tests on your integration share its tenant (reset before each): run them one at a time
# (npx playwright test --workers 1). examples/other-crm in mock-cec's repository is a worked example.
# integration:
#   url: https://127.0.0.1:3000            # your integration's origin
#   tenant: "195227159824681004"           # the tenantSpaceId it is configured with
#   desk:                                  # your page's selectors and texts where they differ
#     loginPath: /signin                   #   from the reference integration's (DeskProfile)
#     username: "input[name=login]"
#     password: "input[name=secret]"
#     submit: "button#go"
#     loginError: ".alert"
#     signedInUrl: "/\\\\/workspace$/"
#     barStatus: "#cc-status"
#     barText: { loaded: "/ready to take calls/i" }
#   users:                                 # who logs in, and which agent (workNo) each one is;
#     - { username: alice, password: "alice-pass", workNo: 101 }   # softphone credentials come
#                                          # from simulator.tenantFile (or sipAccount / sipPwd here)
integration: reference

# Where scenario journals and ladder diagrams go.
reports: reports/mock-cec
`;

const SCENARIO = `# yaml-language-server: $schema=../node_modules/mock-cec/scenarios/scenario.schema.json
name: A first call — answered from the bar, on OpenEye
story: >
  The agent logs in to the integration's page, the bar loads through the token callback, and her desktop
  softphone (OpenEye) registers. A customer calls the queue; she answers from the bar, both hear each
  other, the customer hangs up, and she is Ready again.
seed: 4102
actors:
  agents:
    - phone: openeye
  customers:
    bob: { behaviour: { source: { kind: echo } } }
steps:
  - login: { agent: 0 }
  - expectBar: { agent: 0, is: loaded }
  - expectPhone: { agent: 0, registration: registered }
  - signIn: { agent: 0 }
  - expectState: { agent: 0, is: Ready }
  - call: { customer: bob }
  - expectState: { agent: 0, is: Ringing }
  - answer: { agent: 0, on: bar }
  - expectState: { agent: 0, is: Talking }
  - expectAudio: { agent: 0, is: both }
  - hangup: { customer: bob }
  - expectState: { agent: 0, is: Ready }
  - expectCall: { customer: bob, state: ended, endReason: customer-hangup }
`;

const SPEC = `import { expect, test } from 'mock-cec/playwright';

// The agent's phone is OpenEye (a desktop softphone) here; 'desk' is the page's own softphone.
test.use({ phone: 'openeye' });

test('a customer calls the queue; the agent answers from the bar and both hear each other', async ({
  agent,
  softphone,
  customer,
  cec,
}) => {
  const since = await cec.lastSeq();
  const call = await customer.callQueue();
  await agent.answer();
  await expect(agent).toReachState('Talking');
  await expect({ phone: softphone, customer: call }).toHaveAudioBothWays();
  await call.hangup();
  await expect(agent).toReachState('Ready');
  await expect(cec.journalSince(since)).toContainSequence([
    { kind: 'event', eventType: 'AgentEvent_Talking' },
    { kind: 'event', eventType: 'AgentEvent_Customer_Release' },
  ]);
});
`;

const PLAYWRIGHT_CONFIG = `import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions, headedRun } from 'mock-cec/playwright';

export default defineConfig({
  testDir: 'tests',
  timeout: 60_000,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'reports/playwright' }]],
  use: {
    ignoreHTTPSErrors: true,
    trace: 'retain-on-failure',
    // Chromium with fake media devices: WebRTC with real audio and no permission prompt. Headless,
    // Debian's chromium-headless-shell when installed (lighter); headed (--headed, --ui), chromium.
    launchOptions: chromiumLaunchOptions({ headless: !headedRun() }),
  },
});
`;
