import type { Stack } from '../stack/start-stack.ts';
import { type DeskProfile, referenceDesk } from './desk-profile.ts';

/** A business user who is also a contact-center agent: the page's login and the agent's softphone account. */
export interface DeskUser {
  username: string;
  password: string;
  workNo: number;
  accountCode: string;
  /** The softphone number and password the integration synced from QueryAgentInfo. */
  sipAccount: string;
  sipPwd: string;
}

/**
 * What the actors need to know of a system under test: where the simulated
 * CEC and its SIP WebSocket are, where the integration's page is, and its
 * users. The `stack` fixture builds one from the reference integration; a
 * team testing its own integration writes one for theirs (harness/README.md).
 */
export interface Deployment {
  cec: {
    /** The simulator's base URL, e.g. https://127.0.0.1:8043 */
    url: string;
    /** PEM of the simulator's development CA, trusted by the harness's own HTTPS calls. */
    ca?: string;
    /** The tenant space the test runs in. */
    tenant: string;
  };
  sip: {
    /** wss://host:port/sip */
    wsUrl: string;
    /** The SIP domain of the agents' URIs: the simulator's host. */
    domain: string;
  };
  integration: {
    /** The integration's origin, e.g. https://127.0.0.1:18443 */
    url: string;
    /** How its pages look (selectors and texts); the reference integration's by default. */
    profile?: DeskProfile;
  };
  users: DeskUser[];
}

/** The deployment of a stack started by `startStack`: the reference integration on the simulator. */
export function deploymentOf(stack: Stack): Deployment {
  const { cec, integration, tenant } = stack;
  return {
    cec: { url: cec.url, ca: cec.ca, tenant: tenant.id },
    sip: {
      wsUrl: cec.endpoints.sipWsUrl ?? `${cec.url.replace(/^http/, 'ws')}/sip`,
      domain: cec.endpoints.host,
    },
    integration: { url: integration.url, profile: referenceDesk },
    users: stack.users.map((u) => {
      // What the integration synced (it may differ from the tenant when a test changed one side only).
      const synced = integration.accounts.active(u.agent.accountCode);
      return {
        username: u.username,
        password: u.password,
        workNo: u.agent.workNo,
        accountCode: u.agent.accountCode,
        sipAccount: synced?.sipAccount ?? u.agent.sipAccount,
        sipPwd: synced?.sipPwd ?? u.agent.sipPwd,
      };
    }),
  };
}
