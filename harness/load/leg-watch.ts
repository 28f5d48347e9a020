import type { LegView, SipControlClient } from './sip-control-client.ts';

export interface LegWatch {
  /** The last view of each leg, by Call-ID. */
  legs: Map<string, LegView>;
  /** Legs that did not satisfy the condition in time. */
  pending: string[];
  /** Why the control API could not be read, if it could not. */
  error?: string;
}

/**
 * Poll GET /__mock/sip/legs until every leg satisfies `done` or the time is
 * up. The figures come from the simulator's own timestamps (startedAt,
 * answeredAt, endedAt), so the poll interval does not blur them.
 */
export async function watchLegs(
  control: SipControlClient,
  tenant: string,
  callIds: readonly string[],
  done: (leg: LegView) => boolean,
  timeoutMs: number,
  intervalMs = 100,
): Promise<LegWatch> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const read = await control.legs(tenant);
    const legs = new Map(read.ok ? read.value.map((l) => [l.callId, l]) : []);
    const pending = callIds.filter((id) => {
      const leg = legs.get(id);
      return !leg || !done(leg);
    });
    const error = read.ok ? undefined : read.error;
    if (pending.length === 0 || performance.now() >= deadline) return { legs, pending, error };
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** How a leg that is not where it should be stands, in a few words. */
export function legStanding(leg: LegView | undefined): string {
  if (!leg) return 'leg not found';
  const end = leg.endReason ? ` (${leg.endReason}${leg.endStatus ? ` ${leg.endStatus}` : ''})` : '';
  return `${leg.state}${end}`;
}
