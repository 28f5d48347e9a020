/**
 * Payload bytes for packets that werift keeps after sending them. Its
 * RTCRtpSender holds the last 128 packets it sent (for retransmission on a
 * NACK), so each payload lives some 2.5 s at 50 packets a second: past the
 * young collections, a backing store of its own that only a full collection
 * frees. In the media worker those stores piled up between full collections
 * (15–37 MB, docs/benchmarks.md, fifteenth session), and glibc kept the
 * thread's arena at the highest pile. Copied into slots of one buffer taken in
 * turn, a payload costs no backing store of its own. With as many slots as
 * werift keeps packets, a slot is written again only once the packet that
 * pointed into it has left werift's history (while every packet held is sent:
 * werift drops a send before DTLS is up or once it is closing, and only then
 * can a slot move on ahead of the history).
 */
export class PayloadRing {
  /** werift's RTP_HISTORY_SIZE (lib/webrtc/src/media/rtpSender.js). */
  static readonly WERIFT_HISTORY = 128;
  readonly #bytes: Buffer;
  #next = 0;

  constructor(
    readonly slotBytes: number,
    readonly slots = PayloadRing.WERIFT_HISTORY,
  ) {
    this.#bytes = Buffer.alloc(slotBytes * slots);
  }

  /**
   * `payload`'s bytes in the next slot, as a view. One larger than a slot gets
   * a copy of its own: the caller may lend its buffer (CustomerAudio does) and
   * write it again next frame, while werift still keeps the packet.
   */
  hold(payload: Uint8Array): Buffer {
    if (payload.length > this.slotBytes) return Buffer.from(payload);
    const at = this.#next * this.slotBytes;
    this.#next = (this.#next + 1) % this.slots;
    this.#bytes.set(payload, at);
    return this.#bytes.subarray(at, at + payload.length);
  }
}
