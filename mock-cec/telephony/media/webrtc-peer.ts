import { RTCPeerConnection, type RTCPeerConnectionConfig, RTCRtpCodecParameters } from 'werift';
import { G711_CODECS, TELEPHONE_EVENT_PT } from './codec.ts';

/**
 * A werift peer connection set up for the simulated customer: G.711 only (so
 * the browser must pick PCMU or PCMA, which we encode ourselves), no header
 * extensions, no STUN (there is no internet, and the softphone is on the same
 * host), and host candidates on the simulator's address only.
 */
export function createCustomerPeer(host: string): RTCPeerConnection {
  const config: RTCPeerConnectionConfig = {
    iceServers: [],
    codecs: {
      // werift needs the static payload types set beforehand (its PeerConfig doc).
      audio: [
        ...G711_CODECS.map(
          (c) =>
            new RTCRtpCodecParameters({
              mimeType: `audio/${c.name}`,
              clockRate: 8000,
              payloadType: c.payloadType,
            }),
        ),
        // RFC 4733 DTMF, so a browser softphone's keypad reaches the customer (Chromium sends it in-band).
        new RTCRtpCodecParameters({
          mimeType: 'audio/telephone-event',
          clockRate: 8000,
          payloadType: TELEPHONE_EVENT_PT,
        }),
      ],
    },
    headerExtensions: { audio: [] },
    ...candidateAddresses(host),
  };
  return new RTCPeerConnection(config);
}

/**
 * werift gathers every non-loopback interface by default. For a specific
 * host (127.0.0.1 in tests and on a developer's machine) turn that off and
 * gather exactly that address: one socket per call, one candidate in the SDP.
 * For a wildcard host, let werift gather all interfaces.
 */
function candidateAddresses(host: string): Partial<RTCPeerConnectionConfig> {
  if (host === '0.0.0.0' || host === '::' || host === '') return { iceUseIpv6: false };
  return { iceUseIpv4: false, iceUseIpv6: false, iceAdditionalHostAddresses: [host] };
}

/** Resolve once ICE gathering is complete: SIP carries one SDP, no trickle. */
export async function gatheringComplete(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState !== 'complete') await pc.iceGatheringStateChange.watch((s) => s === 'complete');
}
