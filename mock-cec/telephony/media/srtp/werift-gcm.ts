import { ProtectionProfileAeadAes128Gcm, type RtpHeader, SrtpAuthenticationError, SrtpSession } from 'werift';
import { AesGcmKey } from './aes-gcm-key.ts';

/**
 * werift's AES-GCM SRTP cipher (RFC 7714, the profile Chromium and werift
 * agree on) with its RTP packets sealed and opened by an AesGcmKey kept per
 * session key, not by a Node cipher made for every packet. Same bytes on the
 * wire, same errors; RTCP (a packet a second) stays werift's own.
 */

/** The part of werift's CipherAesGcm used here (werift exports the class only inside an SRTP session). */
interface WeriftGcmCipher {
  srtpSessionKey: Buffer;
  srtpSessionSalt: Buffer;
  aeadAuthTagLen: number;
  encryptRtp(header: RtpHeader, payload: Buffer, rolloverCounter: number): Buffer;
  decryptRtp(cipherText: Buffer, rolloverCounter: number, header?: RtpHeader): [Buffer, RtpHeader];
}

const TAG = AesGcmKey.TAG_BYTES;
const keys = new WeakMap<WeriftGcmCipher, { key: AesGcmKey; iv: Buffer }>();

function keyOf(cipher: WeriftGcmCipher): { key: AesGcmKey; iv: Buffer } {
  let entry = keys.get(cipher);
  if (!entry) {
    entry = { key: new AesGcmKey(cipher.srtpSessionKey), iv: Buffer.alloc(AesGcmKey.IV_BYTES) };
    keys.set(cipher, entry);
  }
  return entry;
}

/** RFC 7714 §8.1: (0x0000 || SSRC || ROC || SEQ) xor the session salt, written into the session's scratch IV. */
function rtpIv(iv: Buffer, salt: Buffer, header: RtpHeader, rolloverCounter: number): Buffer {
  iv.writeUInt16BE(0, 0);
  iv.writeUInt32BE(header.ssrc >>> 0, 2);
  iv.writeUInt32BE(rolloverCounter >>> 0, 6);
  iv.writeUInt16BE(header.sequenceNumber & 0xffff, 10);
  for (let i = 0; i < iv.length; i++) iv[i]! ^= salt[i]!;
  return iv;
}

function sealRtp(this: WeriftGcmCipher, header: RtpHeader, payload: Buffer, rolloverCounter: number): Buffer {
  const hdr = header.serialize(header.serializeSize);
  const { key, iv } = keyOf(this);
  const out = Buffer.allocUnsafe(hdr.length + payload.length + TAG);
  hdr.copy(out, 0);
  key.seal(rtpIv(iv, this.srtpSessionSalt, header, rolloverCounter), hdr, payload, out, hdr.length);
  return out;
}

const FAILED = 'Failed to authenticate SRTP packet';

/** werift's SrtpContext parses the header first and always passes it; any other caller gets werift's own. */
function openRtp(
  original: WeriftGcmCipher['decryptRtp'],
): (
  this: WeriftGcmCipher,
  cipherText: Buffer,
  rolloverCounter: number,
  header?: RtpHeader,
) => [Buffer, RtpHeader] {
  return function (this: WeriftGcmCipher, cipherText, rolloverCounter, header) {
    if (!header) return original.call(this, cipherText, rolloverCounter);
    const tagAt = cipherText.length - TAG;
    const { key, iv } = keyOf(this);
    const out = Buffer.alloc(tagAt);
    cipherText.copy(out, 0, 0, header.payloadOffset);
    const opened = key.open(
      rtpIv(iv, this.srtpSessionSalt, header, rolloverCounter),
      cipherText.subarray(0, header.payloadOffset),
      cipherText.subarray(header.payloadOffset, tagAt),
      cipherText.subarray(tagAt),
      out,
      header.payloadOffset,
    );
    if (!opened) throw new SrtpAuthenticationError(FAILED);
    return [out, withPadding(header, out)];
  };
}

/** As werift's finalizeSrtpRtpHeader: the padding length is the last byte, once the packet is authenticated. */
function withPadding(header: RtpHeader, packet: Buffer): RtpHeader {
  if (!header.padding) {
    header.paddingSize = 0;
    return header;
  }
  const size = packet[packet.length - 1] ?? 0;
  if (packet.length <= header.payloadOffset || size === 0 || size > packet.length - header.payloadOffset) {
    throw new SrtpAuthenticationError(FAILED);
  }
  header.paddingSize = size;
  return header;
}

/** werift's own methods, for tests that compare against them. */
export interface WeriftGcmOriginals {
  encryptRtp: WeriftGcmCipher['encryptRtp'];
  decryptRtp: WeriftGcmCipher['decryptRtp'];
}

let installed: WeriftGcmOriginals | undefined;

/**
 * Puts the session-keyed RTP path on werift's GCM cipher, once per module
 * instance (each worker thread loads werift anew). Returns werift's methods.
 * Throws if werift's cipher no longer has the shape this was written against,
 * rather than leaving a half-patched class.
 */
export function useSessionKeyedGcm(): WeriftGcmOriginals {
  if (installed) return installed;
  const key = Buffer.alloc(16);
  const salt = Buffer.alloc(12);
  const session = new SrtpSession({
    keys: { localMasterKey: key, localMasterSalt: salt, remoteMasterKey: key, remoteMasterSalt: salt },
    profile: ProtectionProfileAeadAes128Gcm,
  });
  const cipher = (session.localContext as unknown as { cipher?: Partial<WeriftGcmCipher> }).cipher;
  const proto = cipher && (Object.getPrototypeOf(cipher) as Partial<WeriftGcmCipher>);
  if (
    !cipher ||
    !proto ||
    cipher.aeadAuthTagLen !== TAG ||
    !Buffer.isBuffer(cipher.srtpSessionKey) ||
    !Buffer.isBuffer(cipher.srtpSessionSalt) ||
    typeof proto.encryptRtp !== 'function' ||
    typeof proto.decryptRtp !== 'function'
  ) {
    throw new Error("werift's AES-GCM SRTP cipher is not the shape mock-cec expects: check werift's version");
  }
  installed = { encryptRtp: proto.encryptRtp, decryptRtp: proto.decryptRtp };
  proto.encryptRtp = sealRtp;
  proto.decryptRtp = openRtp(installed.decryptRtp);
  return installed;
}
