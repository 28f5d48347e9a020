/**
 * The media direction of an SDP body (RFC 3264 §5.1, §8.4): what hold and
 * take back change in a re-INVITE. The simulated customer re-offers its own
 * last SDP with another direction and a higher `o=` version (RFC 3264 §8),
 * and answers a phone's re-offer with the mirror of the phone's direction
 * (RFC 3264 §6.1: sendonly is answered recvonly, inactive inactive).
 */
export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

const DIRECTION = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/m;

/** The direction of the (first) audio stream; sendrecv when the SDP names none (RFC 3264 §5.1). */
export function directionOf(sdp: string): SdpDirection {
  return (DIRECTION.exec(sdp)?.[1] as SdpDirection | undefined) ?? 'sendrecv';
}

/** The answerer's direction for an offered one. */
export function mirror(direction: SdpDirection): SdpDirection {
  return direction === 'sendonly' ? 'recvonly' : direction === 'recvonly' ? 'sendonly' : direction;
}

/** The same SDP with every direction attribute set to `direction` (added at the end when absent) and the `o=` version raised. */
export function withDirection(sdp: string, direction: SdpDirection): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(/\r?\n/);
  const trailing = lines.at(-1) === '' ? lines.pop() : undefined;
  let found = false;
  const out = lines.map((line) => {
    if (/^a=(sendrecv|sendonly|recvonly|inactive)\s*$/.test(line)) {
      found = true;
      return `a=${direction}`;
    }
    const o = /^o=(\S+) (\S+) (\d+) (.*)$/.exec(line);
    return o ? `o=${o[1]} ${o[2]} ${BigInt(o[3]!) + 1n} ${o[4]}` : line;
  });
  if (!found) out.push(`a=${direction}`);
  if (trailing !== undefined) out.push(trailing);
  return out.join(eol);
}
