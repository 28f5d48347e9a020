import { randomInt } from 'node:crypto';
import { type Clock, systemClock } from '../../infrastructure/primitives/clock.ts';
import { type Logger, silentLogger } from '../../infrastructure/primitives/logger.ts';
import { type Rng, seededRng } from '../../infrastructure/primitives/rng.ts';
import { G711_CODECS, TELEPHONE_EVENT_PT } from './codec.ts';
import { CustomerAudio } from './customer-audio.ts';
import { type ReadFile, sourceLoader } from './load-source.ts';
import type { MediaEngine, MediaFlavour, MediaOptions, MediaSession, PendingOffer } from './media-engine.ts';
import { MediaError } from './media-error.ts';
import { writeRtpSdp } from './rtp-sdp.ts';
import { RtpSession } from './rtp-session.ts';
import { answerDirection, g711Of, inspectOffer, readAudio } from './sdp.ts';
import type { WebRtcSession } from './webrtc-session.ts';

export interface MediaEngineOptions {
  /** Diagnostics only; the SIP side journals calls. */
  logger?: Logger;
  /** Stamps `lastPacketAt`; the tenant's clock in the simulator. */
  clock?: Clock;
  /** SSRCs, sequence numbers, timestamps and SDP session ids (random per RFC 3550 §5.1). */
  rng?: Rng;
  /** How `{ kind: 'file' }` sources are read; node:fs by default. */
  readFile?: ReadFile;
}

/**
 * The simulated customer's media. Answering, the flavour follows the offer's
 * transport profile; offering, the caller names it (from the callee's SIP
 * transport: WebSocket → webrtc, UDP/TCP → rtp). Expected failures reject with
 * a MediaError (with the SIP status to answer); `inspectOffer` checks an offer
 * without opening anything.
 */
/**
 * werift (WebRTC) is loaded on the first WebRTC call, not at start: it is the
 * largest part of the simulator, and plain-RTP or HTTP-only runs never need it.
 */
let webRtcModule: Promise<typeof import('./webrtc-session.ts')> | undefined;
const loadWebRtc = () => {
  webRtcModule ??= import('./webrtc-session.ts');
  return webRtcModule;
};

export function createMediaEngine(options: MediaEngineOptions = {}): MediaEngine {
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const rng = options.rng ?? seededRng(randomInt(2 ** 31));
  const loadSource = sourceLoader(options.readFile);
  const customerAudio = async (o: MediaOptions) =>
    new CustomerAudio(await loadSource(o.source), o.mode, clock);

  return {
    async answer(offerSdp, o) {
      const offer = inspectOffer(offerSdp);
      if (!offer.ok) throw new MediaError(offer.problem.code, offer.problem.message);
      const audio = await customerAudio(o);
      if (offer.value.flavour === 'webrtc') {
        const { WebRtcSession } = await loadWebRtc();
        const session = WebRtcSession.create(o.host, audio, rng, logger, o.onDtmf);
        try {
          return { sdp: await session.answer(offerSdp), session };
        } catch (err) {
          await session.close();
          throw err;
        }
      }
      const session = await RtpSession.bind(o.host, audio, rng, logger, o.onDtmf);
      // RFC 3264 §6.1: answer with the offer's codecs we support, in its order; the first is what we send.
      const codecs = offer.value.g711;
      const direction = answerDirection(offer.value.direction);
      const sdp = writeRtpSdp({
        host: o.host,
        port: session.port,
        sessionId: rng.int(1, 2 ** 31),
        codecs,
        telephoneEvent: offer.value.telephoneEvent,
        direction,
      });
      session.start(endpointOf(offer.value), codecs, direction, offer.value.telephoneEvent);
      return { sdp, session };
    },

    async offer(flavour: MediaFlavour, o): Promise<PendingOffer> {
      const audio = await customerAudio(o);
      return flavour === 'webrtc'
        ? offerWebRtc((await loadWebRtc()).WebRtcSession.create(o.host, audio, rng, logger, o.onDtmf))
        : offerRtp(o.host, await RtpSession.bind(o.host, audio, rng, logger, o.onDtmf), rng);
    },
  };
}

async function offerWebRtc(session: WebRtcSession): Promise<PendingOffer> {
  try {
    return { sdp: await session.offer(), session, accept: (answer) => session.accept(answer) };
  } catch (err) {
    await session.close();
    throw err;
  }
}

function offerRtp(host: string, session: RtpSession, rng: Rng): PendingOffer {
  const sdp = writeRtpSdp({
    host,
    port: session.port,
    sessionId: rng.int(1, 2 ** 31),
    codecs: G711_CODECS,
    telephoneEvent: TELEPHONE_EVENT_PT,
    direction: 'sendrecv',
  });
  const accept = async (answerSdp: string) => {
    const answer = readAudio(answerSdp);
    if (!answer.ok) throw new MediaError(answer.problem.code, answer.problem.message);
    if (answer.value.flavour !== 'rtp') {
      throw new MediaError('unsupported-protocol', `offered RTP/AVP, answered ${answer.value.protocol}`);
    }
    const codecs = g711Of(answer.value);
    if (codecs.length === 0) throw new MediaError('no-common-codec', 'the answer chose no G.711 codec');
    // The answer's direction is the callee's; ours mirrors it (RFC 3264 §6.1).
    session.start(
      endpointOf(answer.value),
      codecs,
      answerDirection(answer.value.direction),
      answer.value.telephoneEvent,
    );
  };
  return { sdp, session: session as MediaSession, accept };
}

function endpointOf(audio: { address: string | undefined; port: number }) {
  return audio.address === undefined ? undefined : { address: audio.address, port: audio.port };
}
