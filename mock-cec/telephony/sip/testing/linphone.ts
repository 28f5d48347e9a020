import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { FRAME_SAMPLES } from '../../media/audio-frame.ts';
import { toneFrame } from '../../media/tone.ts';
import { readWav, type WavResult } from '../../media/wav.ts';
import type { ClientTransport } from './client-transports.ts';
import type { DeskPhone, DeskPhoneDriver } from './desk-phone.ts';

/**
 * Linphone 5 (Debian's `linphone-cli`), a real desktop softphone, driven by
 * its console `linphonec` on stdin: it registers from its config file, calls
 * (`call`), answers (`answer`), sends RFC 4733 DTMF (a line of one key during
 * a call) and hangs up (`terminate`). There is no sound card here: `soundcard
 * use files` makes it send a WAV file (a 440 Hz tone written here) as its
 * microphone and record what it decodes to another, which a test measures.
 * It needs a writable HOME with `.local/share/linphone` (its database) or it
 * never starts its SIP stack.
 */
export const LINPHONEC = '/usr/bin/linphonec';

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function linphoneInstalled(): { ok: true } | { ok: false; reason: string } {
  return existsSync(LINPHONEC)
    ? { ok: true }
    : { ok: false, reason: 'linphonec is not installed (apt-get install linphone-cli; .ci/run does)' };
}

export interface LinphoneOptions {
  /** Its HOME: config, database and WAV files go there. */
  dir: string;
  sipAccount: string;
  sipPwd: string;
  /** The simulator's SIP address (for `tls`, its TLS port). */
  host: string;
  port: number;
  transport: ClientTransport;
  /** The CA it trusts for TLS (`[sip] root_ca`). */
  caFile?: string;
  /**
   * Whether it verifies the server's certificate and name over TLS (`verify_server_certs`,
   * `verify_server_cn`; default true). Linphone 5.1 cannot trust the development CA: its TLS
   * (mbedtls 2.28) has no parser for Name Constraints, which the CA marks critical (RFC 5280
   * §4.2.1.10), so it refuses to load the file ("Failed to load root ca … X509 - The extension tag or
   * value is invalid") and then every handshake ("No CA Chain is set"). Over TLS it runs with
   * verification off and no `root_ca`; linphone.test.ts pins that refusal.
   */
  verify?: boolean;
}

export class Linphone {
  #text = '';
  #waiters: { pattern: RegExp; from: number; resolve: (m: RegExpExecArray) => void }[] = [];
  readonly #exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly dir: string,
  ) {
    const onData = (d: Buffer) => {
      this.#text += d.toString();
      for (const w of [...this.#waiters]) {
        const m = w.pattern.exec(this.#text.slice(w.from));
        if (!m) continue;
        this.#waiters.splice(this.#waiters.indexOf(w), 1);
        w.resolve(m);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    this.#exited = new Promise((resolve) => child.on('close', resolve));
  }

  static async start(o: LinphoneOptions): Promise<Linphone> {
    await mkdir(join(o.dir, '.local/share/linphone'), { recursive: true });
    await writeFile(join(o.dir, 'tone.wav'), toneWav(10));
    const rc = join(o.dir, 'linphonerc');
    await writeFile(rc, config(o, await freePort(), await freeUdpPort()));
    // -S: state messages on stdout (calls connected, ended…); -d 0: no debug log.
    const child = spawn(LINPHONEC, ['-c', rc, '-S', '-d', '0'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, HOME: o.dir },
    });
    // It dies with this process, even when a test is killed before it can stop it.
    running.add(child);
    child.once('close', () => running.delete(child));
    const phone = new Linphone(child, o.dir);
    await phone.until(/linphonec> /, 15_000);
    phone.command('soundcard use files');
    phone.command(`play ${join(o.dir, 'tone.wav')}`);
    phone.command(`record ${join(o.dir, 'heard.wav')}`);
    return phone;
  }

  /** Everything linphonec has written so far. */
  get output(): string {
    return this.#text;
  }

  /** A console command, as typed. */
  command(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  /** The first match of `pattern` in what it writes from now on (or since `from`); fails saying what it wrote. */
  until(pattern: RegExp, timeoutMs = 10_000, from = this.#text.length): Promise<RegExpExecArray> {
    const seen = pattern.exec(this.#text.slice(from));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w.pattern !== pattern);
        reject(new Error(`linphonec never wrote ${pattern}; it wrote:\n${this.#text}`));
      }, timeoutMs);
      this.#waiters.push({
        pattern,
        from,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  /** Quit and wait for the process to end. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) {
      this.command('quit');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await this.#exited;
      clearTimeout(timer);
    }
    return this.child.exitCode;
  }

  /** How much its `record` file holds so far (it writes as it goes, the header at the end). */
  async recordedBytes(): Promise<number> {
    return stat(join(this.dir, 'heard.wav')).then(
      (s) => s.size,
      () => 0,
    );
  }

  /** What it decoded from the network (its `record` file). */
  async heard(): Promise<WavResult> {
    return readWav(await readFile(join(this.dir, 'heard.wav')));
  }
}

/** linphonerc: one account on the simulator over `transport` (TLS: a `sip_tls_port`, `transport=tls` on the proxy), G.711 only, fixed local ports on loopback. */
function config(o: LinphoneOptions, sipPort: number, rtpPort: number): string {
  return `[sip]
sip_port=${o.transport === 'udp' ? sipPort : 0}
sip_tcp_port=${o.transport === 'tcp' ? sipPort : 0}
sip_tls_port=${o.transport === 'tls' ? sipPort : 0}
${o.caFile ? `root_ca=${o.caFile}\n` : ''}verify_server_certs=${o.verify === false ? 0 : 1}
verify_server_cn=${o.verify === false ? 0 : 1}
default_proxy=0
bind_address=127.0.0.1
guess_hostname=0
contact=sip:${o.sipAccount}@127.0.0.1
register_only_when_upnp_is_ok=0

[auth_info_0]
username=${o.sipAccount}
passwd=${o.sipPwd}
realm=mock-cec
domain=${o.host}

[proxy_0]
reg_proxy=<sip:${o.host}:${o.port};transport=${o.transport}>
reg_route=<sip:${o.host}:${o.port};transport=${o.transport};lr>
reg_identity=sip:${o.sipAccount}@${o.host}
reg_expires=600
reg_sendregister=1

[rtp]
audio_rtp_port=${rtpPort}

[sound]
echocancellation=0

[video]
enabled=0
automatically_initiate=0
automatically_accept=0

[audio_codec_0]
mime=PCMU
rate=8000
enabled=1

[audio_codec_1]
mime=PCMA
rate=8000
enabled=1

[audio_codec_2]
mime=opus
rate=48000
enabled=0
`;
}

/** A 16-bit mono 8 kHz WAV of a 440 Hz tone, `seconds` long. */
function toneWav(seconds: number): Buffer {
  const frames = (seconds * 8000) / FRAME_SAMPLES;
  const data = Buffer.alloc(frames * FRAME_SAMPLES * 2);
  for (let f = 0; f < frames; f++) {
    const frame = toneFrame(440, f);
    for (let i = 0; i < frame.length; i++) data.writeInt16LE(frame[i]!, (f * FRAME_SAMPLES + i) * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** Linphone behind the shared desk-phone suite (desk-phone-suite.ts). */
export const linphoneDriver: DeskPhoneDriver = {
  name: 'linphone',
  available: async () => linphoneInstalled(),
  userAgent: /^Linphone/,
  seed: 61,
  /** Its tone (−6 dBFS) carries ~4000 units of energy a second; silence is 0. */
  sound: 250,
  /** Two seconds of each other's audio (8 kHz, 16 bits). */
  crossBytes: 32_000,
  answerRefusal: /NOTIFY Event: talk/,
  keys: { beforeTransfer: '42', afterTransfer: '#' },
  // The 405 to its REFER leaves the call up (a 481 would have ended it).
  keepsCallAfterRefusedTransfer: true,
  recordsAfterResume: true,
  // Over TLS without the development CA and without verifying: it cannot load that CA (`verify` above).
  async start({ caFile: _, ...o }): Promise<DeskPhone> {
    const phone = await Linphone.start({ ...o, verify: false });
    const hangUp = async () => {
      const from = phone.output.length;
      phone.command('terminate');
      await phone.until(/ended/, 10_000, from);
    };
    return {
      dir: phone.dir,
      incoming: () => phone.until(/incoming call/i, 15_000),
      answer: async () => phone.command('answer'),
      // Its account's proxy carries the call to the simulator over its transport.
      dial: (user) => phone.command(`call sip:${user}@${o.host}`),
      established: () => phone.until(/connected/, 15_000),
      ended: () => phone.until(/ended/, 10_000),
      hangUp,
      // One key at a time (a line of one key during a call).
      press: (key) => phone.command(key),
      transfer: async (user) => phone.command(`transfer 1 sip:${user}@${o.host}`),
      // linphonec pauses (holds) and resumes the current call. Its hold is done at "is now paused"
      // (the 200 to its re-INVITE handled), not at the "Pausing call" it writes first: a `resume`
      // in between is refused ("There was a problem to resume the unique call") and never sent.
      hold: async () => {
        const from = phone.output.length;
        phone.command('pause');
        await phone.until(/is now paused/, 10_000, from);
      },
      resume: () => phone.command('resume'),
      recordedBytes: () => phone.recordedBytes(),
      heard: () => recorded(phone),
      stop: () => phone.stop(),
    };
  },
};

/** What it recorded, once it has written the file's header (when its call ended): tried for 5 s. */
async function recorded(phone: Linphone): Promise<Int16Array> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const heard = await phone.heard().catch((error: Error) => ({ ok: false as const, error }));
    if (heard.ok) return heard.samples;
    if (Date.now() > deadline) throw new Error(heard.error.message);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
