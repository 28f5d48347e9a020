import type { Simulator } from '../../../infrastructure/state/simulator.ts';
import type { CustomerLeg } from './customer-leg.ts';
import type { DtmfCarrier } from './dtmf.ts';

/**
 * The media side of a customer's call leg, as the signalling sees it: journal
 * when media starts and stops, let `on: media` fault rules make the audio
 * one-way or silent, and hang up after the behaviour's `hangupAfterMs` (on the
 * tenant's timers, so advancing its clock ends the call).
 */
export function mediaStarted(sim: Simulator, leg: CustomerLeg, hangup: () => void): void {
  const tenant = sim.tenant(leg.tenant);
  const agentNumber = leg.direction === 'to-agent' ? leg.to : leg.from;
  const agent = tenant?.agentBySipAccount(agentNumber);
  journalMedia(
    sim,
    leg,
    'started',
    `${leg.session?.flavour ?? 'no'} media, ${leg.behaviour.source.kind}, ${leg.behaviour.mode}`,
  );
  if (sim.faults.size > 0 && leg.session) {
    const hit = sim.faults.match(
      { on: 'media', tenant: leg.tenant, agent: agent?.workNo, sipAccount: agentNumber },
      (tenant?.rng ?? sim.rng).next,
    );
    if (hit?.action.do === 'media') {
      leg.session.setMode(hit.action.mode);
      sim.journal.append({
        kind: 'fault',
        at: nowOf(sim, leg),
        tenant: leg.tenant,
        corr: `sip:${leg.sipCallId}`,
        rule: hit.rule.id,
        action: `media ${hit.action.mode}`,
        target: `call ${leg.sipCallId}`,
      });
    }
  }
  const after = leg.behaviour.hangupAfterMs;
  if (after !== undefined && tenant) leg.timers.push(tenant.timers.after(after, hangup));
}

/**
 * A DTMF key the customer received: kept on the leg (the control API and the
 * scenario expectation `customerDigits` read it) and journaled, one entry a
 * key, saying which way it came (RFC 4733 in the media, or SIP INFO).
 */
export function dtmfReceived(sim: Simulator, leg: CustomerLeg, key: string, carrier: DtmfCarrier): void {
  if (leg.state === 'ended') return;
  leg.digits += key;
  journalMedia(sim, leg, 'dtmf', `${key} (${carrier === 'info' ? 'SIP INFO' : 'RFC 4733'})`);
}

/** The leg's media failed under it (its media worker died): journaled with why. */
export function mediaFailed(sim: Simulator, leg: CustomerLeg, why: string): void {
  journalMedia(sim, leg, 'failed', why);
}

/** Journal what the media did, close it, and let the leg forget it (keeping its last figures). */
export async function closeMedia(sim: Simulator, leg: CustomerLeg): Promise<void> {
  const session = leg.session;
  if (!session) {
    leg.releaseMedia();
    return;
  }
  const s = session.stats();
  journalMedia(
    sim,
    leg,
    'stopped',
    `${s.flavour}: sent ${s.packetsSent} packets, received ${s.packetsReceived}, energy ${s.audioEnergyReceived.toFixed(3)}`,
  );
  await session
    .close()
    .catch((err: unknown) => sim.logger.warn('media close failed', { error: String(err) }));
  leg.releaseMedia();
}

function journalMedia(sim: Simulator, leg: CustomerLeg, event: string, detail: string): void {
  sim.journal.append({
    kind: 'media',
    at: nowOf(sim, leg),
    tenant: leg.tenant,
    corr: `sip:${leg.sipCallId}`,
    callId: leg.sipCallId,
    event,
    detail,
  });
}

function nowOf(sim: Simulator, leg: CustomerLeg): number {
  return sim.tenant(leg.tenant)?.now() ?? sim.clock.now();
}
