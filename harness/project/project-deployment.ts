import { resolve } from 'node:path';
import { answer, controlClient } from '../../mock-cec/edges/control/client.ts';
import { loadConfigFile } from '../../mock-cec/infrastructure/config/load-config.ts';
import type { Deployment, DeskUser } from '../actors/deployment.ts';
import { type LoadedProject, ProjectConfigError } from './load-project-config.ts';
import { deskProfileOf, type OwnIntegration } from './project-config.ts';

export interface SimulatorAddress {
  url: string;
  /** PEM of its development CA. */
  ca?: string;
}

/** The CA file of a simulator the project starts (simulator.certDir). */
export function caFileOf(project: LoadedProject): string {
  return resolve(
    project.dir,
    project.config.simulator.ca ?? `${project.config.simulator.certDir}/ca-cert.pem`,
  );
}

/**
 * The Deployment of the project's own integration on a simulator: its URL and
 * desk profile from the config, its users with their agents' accountCode and
 * softphone credentials (from the config, or from the simulator's tenant file).
 */
export async function ownDeployment(
  project: LoadedProject,
  own: OwnIntegration,
  sim: SimulatorAddress,
): Promise<Deployment> {
  const tenantFile = project.config.simulator.tenantFile;
  const agents = tenantFile
    ? (await loadConfigFile(resolve(project.dir, tenantFile))).tenants.flatMap((t) => t.agents)
    : [];
  const users: DeskUser[] = own.users.map((u, i) => {
    const agent = agents.find((a) => a.workNo === u.workNo);
    const field = (name: 'accountCode' | 'sipAccount' | 'sipPwd'): string => {
      const value = u[name] ?? agent?.[name];
      if (value === undefined)
        throw new ProjectConfigError(
          `${project.file}: integration.users[${i}].${name}: needed (or simulator.tenantFile with agent ${u.workNo})`,
        );
      return value;
    };
    return {
      username: u.username,
      password: u.password,
      workNo: u.workNo,
      accountCode: field('accountCode'),
      sipAccount: field('sipAccount'),
      sipPwd: field('sipPwd'),
    };
  });
  const host = new URL(sim.url);
  return {
    cec: { url: sim.url, ca: sim.ca, tenant: own.tenant },
    sip: { wsUrl: `${sim.url.replace(/^http/, 'ws')}/sip`, domain: host.hostname.replace(/^\[|\]$/g, '') },
    integration: { url: own.url.replace(/\/$/, ''), profile: deskProfileOf(own.desk) },
    users,
  };
}

/**
 * Your integration's tenant back to its start (agents signed out, calls and
 * faults gone), before each test or scenario: the tenant outlives them, so
 * what one left behind (an agent still signed in) would meet the next. Tests
 * on one integration share its tenant, so they run one at a time.
 */
export async function resetTenant(deployment: Deployment): Promise<void> {
  const cec = controlClient({ url: deployment.cec.url, ca: deployment.cec.ca });
  try {
    const param = { id: deployment.cec.tenant };
    await answer(() => cec.api.tenants[':id'].reset.$post({ param }), 'POST /tenants/{id}/reset');
  } finally {
    await cec.close();
  }
}
