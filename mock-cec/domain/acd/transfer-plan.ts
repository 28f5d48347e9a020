import type { GatewayRetcode } from '../../edges/api/vendor-errors.ts';
import type { TransferMode, TransferRequest } from '../gateway/transfer-request.ts';

/**
 * What a transfer request comes to, before anything moves
 * (docs/vendor/transfer-and-internal-calls.md): where the call goes and how,
 * or the vendor's retcode and why not. Pure: the ACD hands in what it knows of
 * the call and the target, and carries the plan out.
 */
export type TransferPlan =
  | { to: 'agent'; workNo: number; mode: 'release' | 'success' }
  | { to: 'skill'; skillId: number; mode: 'release' | 'success' }
  | { to: 'outside'; number: string; mode: 'release' | 'success' }
  /**
   * Talk or three-way transfer to an outside number: the agent talks with it
   * first (the customer held), or all three talk (the customer held while it
   * rings only when `holdflag`); the agent then hangs up and leaves the two.
   */
  | { to: 'outside'; number: string; mode: 'talk' | 'three-way'; holdflag: boolean }
  /** An IVR flow: release (the call ends in the flow after its prompt) or suspend (the flow hands it back). */
  | { to: 'ivr'; accessCode: string; mode: 'release' | 'suspend'; promptMs: number; frequencyHz: number };

export type PlanResult =
  | { ok: true; plan: TransferPlan }
  | { ok: false; retcode: Exclude<GatewayRetcode, '0'>; message: string };

/** What the ACD knows when it plans. */
export interface PlanFacts {
  /** The transferring agent. */
  workNo: number;
  /** Its call: absent when it has none. */
  call?: { state: string; direction: 'inbound' | 'outbound' | 'internal'; transferring: boolean };
  skills: readonly number[];
  /** The tenant's IVR flows and system access codes (tenant-schema.ts `ivr`). */
  ivr?: {
    flows: readonly { accessCode: string; promptMs: number; frequencyHz: number }[];
    accessCodes: readonly { code: string; skillId: number }[];
  };
  /** The target agent when the target is an agent: absent when the tenant has no such agent. */
  target?: { signedIn: boolean; idle: boolean; registered: boolean };
}

const no = (retcode: Exclude<GatewayRetcode, '0'>, message: string): PlanResult => ({
  ok: false,
  retcode,
  message,
});

export function planTransfer(req: TransferRequest, facts: PlanFacts): PlanResult {
  const { call } = facts;
  if (!call || call.state === 'ended') return no('200-012', 'The agent has no call to transfer');
  if (call.state !== 'talking')
    return no('200-012', 'The call is not connected yet: there is nothing to transfer');
  // An internal call cannot be forwarded (cec_07_4245).
  if (call.direction === 'internal') return no('200-012', 'An internal call cannot be transferred');
  if (call.transferring) return no('000-007', 'A transfer of this call is already under way');
  const mode = simple(req.mode);
  const { target } = req;
  switch (target.kind) {
    case 'ivr': {
      // An address that names nothing is the vendor's "address incorrect". [choice]
      const flow = facts.ivr?.flows.find((f) => f.accessCode === target.accessCode);
      if (!flow) return no('000-002', `The tenant has no IVR flow with access code ${target.accessCode}`);
      if (req.mode !== 'release' && req.mode !== 'suspend')
        return no('000-002', `mode ${req.mode} is not for an IVR flow`);
      const { promptMs, frequencyHz } = flow;
      return {
        ok: true,
        plan: { to: 'ivr', accessCode: target.accessCode, mode: req.mode, promptMs, frequencyHz },
      };
    }
    case 'access-code': {
      const code = facts.ivr?.accessCodes.find((c) => c.code === target.accessCode);
      if (!code) return no('000-002', `The tenant has no system access code ${target.accessCode}`);
      if (!mode) return no('000-002', `mode ${req.mode} is not for a system access code`);
      // The call enters the ACD again as an inbound call to the code's skill: a transfer to that queue. [choice]
      return { ok: true, plan: { to: 'skill', skillId: code.skillId, mode } };
    }
    case 'skill':
      if (!mode) return no('000-002', `mode ${req.mode} is not for a skill queue`);
      if (!facts.skills.includes(target.skillId))
        return no('200-002', `The tenant has no skill queue ${target.skillId}`);
      return { ok: true, plan: { to: 'skill', skillId: target.skillId, mode } };
    case 'agent': {
      if (!mode) return no('000-002', `mode ${req.mode} is not for an agent`);
      const t = facts.target;
      const why =
        target.workNo === facts.workNo
          ? 'an agent cannot transfer a call to itself'
          : !t
            ? 'the tenant has no such agent'
            : !t.signedIn
              ? 'it is not signed in'
              : !t.idle
                ? 'it is not idle'
                : !t.registered
                  ? 'its phone is not registered'
                  : undefined;
      if (why) return no('200-002', `Agent ${target.workNo} cannot take the call: ${why}`);
      return { ok: true, plan: { to: 'agent', workNo: target.workNo, mode } };
    }
    case 'outside':
      if (req.mode === 'release' && call.direction === 'outbound') {
        // "Blind transfer is not supported when an outbound call is transferred to an outbound number" (cec_07_1242).
        return no('000-002', 'A release transfer to an outside number is not for a Call Out');
      }
      if (req.mode === 'talk' || req.mode === 'three-way') {
        return {
          ok: true,
          plan: { to: 'outside', number: target.number, mode: req.mode, holdflag: req.holdflag },
        };
      }
      if (!mode) return no('000-002', `mode ${req.mode} is not for an outside number`);
      return { ok: true, plan: { to: 'outside', number: target.number, mode } };
  }
}

function simple(mode: TransferMode): 'release' | 'success' | undefined {
  return mode === 'release' || mode === 'success' ? mode : undefined;
}
