/**
 * RFC 3261 §16.7 step 6: of the final responses of a forked request, the one
 * to send back when none was a 2xx. A 6xx wins; otherwise the lowest class,
 * with 4xx preferred over 5xx; a 503 is sent as 500 (it would wrongly tell the
 * caller that this proxy is unavailable).
 */
export function bestResponseIndex(statuses: readonly number[]): number {
  let best = -1;
  const rank = (s: number) =>
    s >= 600 ? 0 : s >= 300 && s < 400 ? 1 : s >= 400 && s < 500 ? 2 : s >= 500 ? 3 : 4;
  statuses.forEach((s, i) => {
    if (best < 0 || rank(s) < rank(statuses[best]!)) best = i;
  });
  return best;
}

export function relayedStatus(status: number): number {
  return status === 503 ? 500 : status;
}
