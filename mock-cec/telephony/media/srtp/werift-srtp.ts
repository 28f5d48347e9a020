import { timingSafeEqual } from 'node:crypto';
import {
  ProtectionProfileAeadAes128Gcm,
  ProtectionProfileAes128CmHmacSha1_80,
  type RtpHeader,
  SrtpAuthenticationError,
  SrtpSession,
} from 'werift';
import { AesCounterStream } from './aes-counter-stream.ts';
import { AesGcmKey } from './aes-gcm-key.ts';
import { HmacSha1Key } from './hmac-sha1-key.ts';

/**
 * werift's SRTP ciphers with their RTP packets sealed and opened by keys kept
 * per session, not by Node ciphers and HMACs made for every packet (about ten
 * native allocations a packet, freed only when V8 collects their wrappers).
 * Both profiles werift offers: AEAD_AES_128_GCM (RFC 7714; chosen when the
 * customer is the DTLS server) and AES_CM_128_HMAC_SHA1_80 (RFC 3711;
 * Chromium's choice when it is). Same bytes on the wire, same errors; RTCP
 * (a packet a second) stays werift's own.
 */

/** What werift's two ciphers have in common here (werift exports them only inside an SRTP session). */
export interface WeriftCipher {
  srtpSessionKey: Buffer;
  srtpSessionSalt: Buffer;
  encryptRtp(header: RtpHeader, payload: Buffer, rolloverCounter: number): Buffer;
  decryptRtp(cipherText: Buffer, rolloverCounter: number, header?: RtpHeader): [Buffer, RtpHeader];
}
interface WeriftGcmCipher extends WeriftCipher {
  aeadAuthTagLen: number;
}
interface WeriftCtrCipher extends WeriftCipher {
  srtpSessionAuthTag: Buffer;
  authTagLength: number;
}

const FAILED = 'Failed to authenticate SRTP packet';
const GCM_TAG = AesGcmKey.TAG_BYTES;
const CM_TAG = 10; // HMAC-SHA1 truncated to 80 bits

/**
 * A packet's IV into the session's scratch: (zeros || SSRC || ROC || SEQ) xor the session salt. 12 bytes
 * for GCM (RFC 7714 §8.1), 14 for AES-CM (RFC 3711 §4.1.1: the counter's first 14 bytes).
 */
function packetIv(iv: Buffer, salt: Buffer, header: RtpHeader, rolloverCounter: number): Buffer {
  const n = iv.length;
  iv.fill(0, 0, n - 10);
  iv.writeUInt32BE(header.ssrc >>> 0, n - 10);
  iv.writeUInt32BE(rolloverCounter >>> 0, n - 6);
  iv.writeUInt16BE(header.sequenceNumber & 0xffff, n - 2);
  for (let i = 0; i < n; i++) iv[i]! ^= salt[i]!;
  return iv;
}

/** What `make` gives for a cipher, made on its first packet and kept as long as werift keeps the cipher. */
function perCipher<C extends object, K>(make: (cipher: C) => K): (cipher: C) => K {
  const made = new WeakMap<C, K>();
  return (cipher) => {
    let keys = made.get(cipher);
    if (!keys) {
      keys = make(cipher);
      made.set(cipher, keys);
    }
    return keys;
  };
}

// ---- AEAD_AES_128_GCM ----

const gcmKeyOf = perCipher((cipher: WeriftGcmCipher) => ({
  key: new AesGcmKey(cipher.srtpSessionKey),
  iv: Buffer.alloc(AesGcmKey.IV_BYTES),
}));

function gcmSeal(this: WeriftGcmCipher, header: RtpHeader, payload: Buffer, rolloverCounter: number): Buffer {
  const hdr = header.serialize(header.serializeSize);
  const { key, iv } = gcmKeyOf(this);
  const out = Buffer.allocUnsafe(hdr.length + payload.length + GCM_TAG);
  hdr.copy(out, 0);
  key.seal(packetIv(iv, this.srtpSessionSalt, header, rolloverCounter), hdr, payload, out, hdr.length);
  return out;
}

function gcmOpen(this: WeriftGcmCipher, cipherText: Buffer, rolloverCounter: number, header: RtpHeader) {
  const tagAt = cipherText.length - GCM_TAG;
  const { key, iv } = gcmKeyOf(this);
  // From Node's pool (no allocation of its own): the header and the opened payload fill all of it.
  const out = Buffer.allocUnsafe(tagAt);
  cipherText.copy(out, 0, 0, header.payloadOffset);
  const opened = key.open(
    packetIv(iv, this.srtpSessionSalt, header, rolloverCounter),
    cipherText.subarray(0, header.payloadOffset),
    cipherText.subarray(header.payloadOffset, tagAt),
    cipherText.subarray(tagAt),
    out,
    header.payloadOffset,
  );
  if (!opened) throw new SrtpAuthenticationError(FAILED);
  return out;
}

// ---- AES_CM_128_HMAC_SHA1_80 ----

interface CmKeys {
  aes: AesCounterStream;
  mac: HmacSha1Key;
  iv: Buffer;
  roc: Buffer;
  tag: Buffer;
}
const cmKeysOf = perCipher(
  (cipher: WeriftCtrCipher): CmKeys => ({
    aes: new AesCounterStream(cipher.srtpSessionKey),
    mac: new HmacSha1Key(cipher.srtpSessionAuthTag),
    iv: Buffer.alloc(14),
    roc: Buffer.alloc(4),
    tag: Buffer.alloc(CM_TAG),
  }),
);

/** XORs `data` with the packet's keystream into `out` at `offset`. */
function cmCrypt(keys: CmKeys, iv: Buffer, data: Uint8Array, out: Uint8Array, offset: number): void {
  const stream = keys.aes.blocks(iv, 0, Math.ceil(data.length / 16));
  for (let i = 0; i < data.length; i++) out[offset + i] = data[i]! ^ stream[i]!;
}

/** RFC 3711 §4.2: HMAC-SHA1 over the packet and the ROC, its first 80 bits, into `out` at `offset`. */
function cmTag(
  keys: CmKeys,
  packet: Uint8Array,
  rolloverCounter: number,
  out: Uint8Array,
  offset: number,
): void {
  keys.roc.writeUInt32BE(rolloverCounter >>> 0, 0);
  keys.mac.sign([packet, keys.roc], out, offset, CM_TAG);
}

function cmSeal(this: WeriftCtrCipher, header: RtpHeader, payload: Buffer, rolloverCounter: number): Buffer {
  const hdr = header.serialize(header.serializeSize);
  const keys = cmKeysOf(this);
  const out = Buffer.allocUnsafe(hdr.length + payload.length + CM_TAG);
  hdr.copy(out, 0);
  cmCrypt(keys, packetIv(keys.iv, this.srtpSessionSalt, header, rolloverCounter), payload, out, hdr.length);
  const authenticated = hdr.length + payload.length;
  cmTag(keys, out.subarray(0, authenticated), rolloverCounter, out, authenticated);
  return out;
}

function cmOpen(this: WeriftCtrCipher, cipherText: Buffer, rolloverCounter: number, header: RtpHeader) {
  const tagAt = cipherText.length - CM_TAG;
  const keys = cmKeysOf(this);
  cmTag(keys, cipherText.subarray(0, tagAt), rolloverCounter, keys.tag, 0);
  if (!timingSafeEqual(keys.tag, cipherText.subarray(tagAt))) throw new SrtpAuthenticationError(FAILED);
  const out = Buffer.allocUnsafe(tagAt);
  cipherText.copy(out, 0, 0, header.payloadOffset);
  const iv = packetIv(keys.iv, this.srtpSessionSalt, header, rolloverCounter);
  cmCrypt(keys, iv, cipherText.subarray(header.payloadOffset, tagAt), out, header.payloadOffset);
  return out;
}

// ---- installing ----

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

/** werift's SrtpContext parses the header first and always passes it; any other caller gets werift's own. */
function opener<C extends WeriftCipher>(
  original: WeriftCipher['decryptRtp'],
  open: (this: C, cipherText: Buffer, rolloverCounter: number, header: RtpHeader) => Buffer,
) {
  return function (
    this: C,
    cipherText: Buffer,
    rolloverCounter: number,
    header?: RtpHeader,
  ): [Buffer, RtpHeader] {
    if (!header) return original.call(this, cipherText, rolloverCounter);
    const out = open.call(this, cipherText, rolloverCounter, header);
    return [out, withPadding(header, out)];
  };
}

/** werift's own methods, for tests that compare against them. */
export interface WeriftOriginals {
  encryptRtp: WeriftCipher['encryptRtp'];
  decryptRtp: WeriftCipher['decryptRtp'];
}

let installed: { gcm: WeriftOriginals; cm: WeriftOriginals } | undefined;

/** werift's SRTP context for `profile` with these master keys, both ways (a session's sending side). */
export function weriftSrtpContext(
  profile: number,
  masterKey: Uint8Array,
  masterSalt: Uint8Array,
): SrtpSession['localContext'] {
  const key = Buffer.from(masterKey);
  const salt = Buffer.from(masterSalt);
  const session = new SrtpSession({
    keys: { localMasterKey: key, localMasterSalt: salt, remoteMasterKey: key, remoteMasterSalt: salt },
    profile,
  });
  return session.localContext;
}

/** The cipher werift makes for `profile` with these master keys (werift exports its cipher classes only this way). */
export function weriftCipher(profile: number, masterKey: Uint8Array, masterSalt: Uint8Array): WeriftCipher {
  return (weriftSrtpContext(profile, masterKey, masterSalt) as unknown as { cipher: WeriftCipher }).cipher;
}

/** The prototype of the cipher werift makes for `profile`, checked against the fields used here. */
function cipherPrototype(
  profile: number,
  fits: (cipher: Record<string, unknown>) => boolean,
): Partial<WeriftCipher> {
  const cipher = weriftCipher(profile, new Uint8Array(16), new Uint8Array(14)) as unknown as
    | Record<string, unknown>
    | undefined;
  const proto = cipher && (Object.getPrototypeOf(cipher) as Partial<WeriftCipher>);
  const shaped =
    cipher &&
    proto &&
    Buffer.isBuffer(cipher.srtpSessionKey) &&
    Buffer.isBuffer(cipher.srtpSessionSalt) &&
    fits(cipher) &&
    typeof proto.encryptRtp === 'function' &&
    typeof proto.decryptRtp === 'function';
  if (!shaped) {
    throw new Error(
      `werift's SRTP cipher for profile ${profile} is not the shape mock-cec expects: check werift's version`,
    );
  }
  return proto;
}

function install<C extends WeriftCipher>(
  proto: Partial<WeriftCipher>,
  seal: (this: C, header: RtpHeader, payload: Buffer, rolloverCounter: number) => Buffer,
  open: (this: C, cipherText: Buffer, rolloverCounter: number, header: RtpHeader) => Buffer,
): WeriftOriginals {
  const originals = { encryptRtp: proto.encryptRtp!, decryptRtp: proto.decryptRtp! };
  proto.encryptRtp = seal as WeriftCipher['encryptRtp'];
  proto.decryptRtp = opener(originals.decryptRtp, open) as WeriftCipher['decryptRtp'];
  return originals;
}

/**
 * Puts the session-keyed RTP path on werift's two SRTP ciphers, once per
 * module instance (each worker thread loads werift anew), and returns
 * werift's own methods. Throws if werift's ciphers no longer have the shape
 * this was written against, rather than leaving a half-patched class.
 */
export function useSessionKeyedSrtp(): { gcm: WeriftOriginals; cm: WeriftOriginals } {
  if (installed) return installed;
  const gcm = cipherPrototype(ProtectionProfileAeadAes128Gcm, (c) => c.aeadAuthTagLen === GCM_TAG);
  const cm = cipherPrototype(
    ProtectionProfileAes128CmHmacSha1_80,
    (c) => c.authTagLength === CM_TAG && Buffer.isBuffer(c.srtpSessionAuthTag),
  );
  installed = { gcm: install(gcm, gcmSeal, gcmOpen), cm: install(cm, cmSeal, cmOpen) };
  return installed;
}
