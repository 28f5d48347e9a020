import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { readWav, type WavResult } from '../../media/wav.ts';
import type { ClientTransport } from './client-transports.ts';
import type { DeskPhone, DeskPhoneDriver } from './desk-phone.ts';

/**
 * baresip, a real desktop softphone (Debian's `baresip-core`), driven from a
 * test: it registers over UDP, TCP or TLS with digest, dials and hangs up through its
 * ctrl_tcp module (JSON in netstrings: commands in, events out). Its audio:
 * a 440 Hz sine (ausine) as the microphone, and the sndfile filter writing
 * what it decoded to a WAV file, so a test can measure what it heard.
 */
export const BARESIP = '/usr/bin/baresip';

/** Every baresip started dies with this process, even when a test is killed before it can stop it. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Install baresip-core with apt when it is missing; say why not when that cannot be done. */
export async function ensureBaresip(): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (existsSync(BARESIP)) return { ok: true };
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get'))
    return {
      ok: false,
      reason: 'baresip is not installed and apt-get cannot run here (needs root on Debian)',
    };
  const apt = (...args: string[]) => run('/usr/bin/apt-get', args, { DEBIAN_FRONTEND: 'noninteractive' });
  const install = ['install', '-y', '-qq', '--no-install-recommends', 'baresip-core'];
  if ((await apt(...install)) !== 0 && ((await apt('update', '-qq')) !== 0 || (await apt(...install)) !== 0))
    return { ok: false, reason: 'apt-get could not install baresip-core (offline?)' };
  return existsSync(BARESIP)
    ? { ok: true }
    : { ok: false, reason: 'baresip-core installed no /usr/bin/baresip' };
}

function run(cmd: string, args: string[], env: Record<string, string>): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'ignore', env: { ...process.env, ...env } });
    child.on('error', () => resolve(null));
    child.on('close', resolve);
  });
}

export interface BaresipOptions {
  /** A folder of its own: config, accounts, and the WAV dumps go there. */
  dir: string;
  sipAccount: string;
  sipPwd: string;
  /** The simulator's SIP address, host:port. */
  server: string;
  /** The transport it registers and calls over (default udp). */
  transport?: ClientTransport;
  /**
   * The CA it is given for TLS (`sip_cafile`: the development CA's `ca-cert.pem`). baresip 1.0
   * (libre 1.1) loads it but does not verify the server's certificate: it connects without it too.
   * Verification came after 1.0, with `sip_verify_server` (baresip pull request #1224, February 2021).
   */
  caFile?: string;
}

export interface BaresipEvent {
  type: string;
  class?: string;
  param?: string;
  [key: string]: unknown;
}

export class Baresip {
  readonly output: string[] = [];
  readonly events: BaresipEvent[] = [];
  #buffer = Buffer.alloc(0);
  #waiters: { test: (e: BaresipEvent) => boolean; resolve: (e: BaresipEvent) => void }[] = [];
  /** Commands awaiting their response, by token. */
  #requests = new Map<string, (data: string) => void>();
  #token = 0;
  #exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly control: Socket,
    readonly dir: string,
  ) {
    control.on('data', (chunk) => this.#receive(chunk));
    this.#exited = new Promise((resolve) => child.on('close', resolve));
  }

  static async start(o: BaresipOptions): Promise<Baresip> {
    // baresip reports the configured control address, not the bound one: give it a free port.
    const controlPort = await freePort();
    await writeFile(join(o.dir, 'config'), config(o.dir, controlPort, o.caFile));
    // audio_codecs: G.711 μ-law only, as the simulated customer speaks G.711.
    await writeFile(
      join(o.dir, 'accounts'),
      `<sip:${o.sipAccount}@${o.server};transport=${o.transport ?? 'udp'}>;auth_pass=${o.sipPwd};regint=600;audio_codecs=PCMU\n`,
    );
    // -n: SDP and Contact on loopback, not on the machine's first interface. -t: it quits by itself
    // after a minute, and dies with this process, even if a test is killed before it can stop it.
    const child = spawn(BARESIP, ['-f', o.dir, '-n', '127.0.0.1', '-t', '60'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    child.once('close', () => running.delete(child));
    const output: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const onData = (d: Buffer) => {
        output.push(d.toString());
        if (output.join('').includes('baresip is ready.')) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('close', (code) =>
        reject(new Error(`baresip exited (${code}) before it was ready:\n${output.join('')}`)),
      );
    });
    const control = connect(controlPort, '127.0.0.1');
    await new Promise<void>((resolve, reject) => control.once('connect', resolve).once('error', reject));
    const phone = new Baresip(child, control, o.dir);
    phone.output.push(...output);
    child.stdout.on('data', (d: Buffer) => phone.output.push(d.toString()));
    return phone;
  }

  /** Resolve with the first event (past or future) of this type; after `timeoutMs`, fail saying what baresip did. */
  event(type: string, timeoutMs = 8000): Promise<BaresipEvent> {
    const seen = this.events.find((e) => e.type === type);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const events = this.events.map((e) => e.type).join(', ') || 'none';
        reject(
          new Error(
            `baresip sent no ${type} event (events: ${events}); its output:\n${this.output.join('')}`,
          ),
        );
      }, timeoutMs);
      this.#waiters.push({
        test: (e) => e.type === type,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  /** A menu command, as typed after `/` in baresip's console (dial, hangup, quit…). */
  command(command: string, params = ''): string {
    const token = String(++this.#token);
    const body = JSON.stringify({ command, params, token });
    this.control.write(`${Buffer.byteLength(body)}:${body},`);
    return token;
  }

  /** A menu command and what it printed (ctrl_tcp's response `data`). */
  request(command: string, params = '', timeoutMs = 8000): Promise<string> {
    const token = this.command(command, params);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#requests.delete(token);
        reject(new Error(`baresip did not answer ${command} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#requests.set(token, (data) => {
        clearTimeout(timer);
        resolve(data);
      });
    });
  }

  /**
   * What its audio decoder has taken in, from the menu's `audio_debug`: the
   * span of RTP time that reached the decoder (`rx: … time = N sec`, counted in
   * audio.c's receive handler right before it decodes each frame), the frames
   * it discarded as old (`n_discard`), and the receive pipeline it prints.
   */
  async decoder(): Promise<{ seconds: number; discarded: number; rxPipeline: string }> {
    const text = await this.request('audio_debug');
    const rx = text.slice(text.indexOf(' rx:'));
    const seconds = /time = ([\d.]+) sec/.exec(rx)?.[1];
    const discarded = /n_discard:(\d+)/.exec(rx)?.[1];
    const rxPipeline = /audio rx pipeline:\s*(.*)/.exec(text)?.[1]?.trim();
    if (seconds === undefined || discarded === undefined || rxPipeline === undefined)
      throw new Error(`baresip's audio_debug has no decoder figures:\n${text}`);
    return { seconds: Number(seconds), discarded: Number(discarded), rxPipeline };
  }

  /** Quit and wait for the process to end (it writes its WAV files as it goes). */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) {
      this.command('quit');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      await this.#exited;
      clearTimeout(timer);
    }
    this.control.destroy();
    return this.child.exitCode;
  }

  /** How much sndfile has written of what it decoded so far (it writes as it goes). */
  async recordedBytes(): Promise<number> {
    const files = (await readdir(this.dir)).filter((f) => f.endsWith('-dec.wav'));
    const sizes = await Promise.all(files.map((f) => stat(join(this.dir, f)).then((s) => s.size)));
    return sizes.reduce((a, b) => a + b, 0);
  }

  /** What baresip decoded from the network during its call (sndfile's `dump-…-dec.wav`). */
  async heard(): Promise<WavResult> {
    const files = (await readdir(this.dir)).filter((f) => f.endsWith('-dec.wav'));
    if (files.length !== 1)
      throw new Error(`expected one decoded-audio dump, found ${files.join(', ') || 'none'}`);
    return readWav(await readFile(join(this.dir, files[0]!)));
  }

  /** Netstrings: `<length>:<JSON>,`, possibly several per chunk, or one across chunks. */
  #receive(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const colon = this.#buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(this.#buffer.subarray(0, colon).toString());
      if (this.#buffer.length < colon + 1 + length + 1) return;
      const body = this.#buffer.subarray(colon + 1, colon + 1 + length).toString();
      this.#buffer = this.#buffer.subarray(colon + 1 + length + 1);
      const message = JSON.parse(body) as BaresipEvent & {
        event?: boolean;
        response?: boolean;
        token?: string;
        data?: string;
      };
      if (message.response && message.token) {
        this.#requests.get(message.token)?.(message.data ?? '');
        this.#requests.delete(message.token);
      }
      if (!message.event) continue;
      this.events.push(message);
      for (const w of this.#waiters.filter((w) => w.test(message))) w.resolve(message);
      this.#waiters = this.#waiters.filter((w) => !w.test(message));
    }
  }
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

/**
 * baresip's config: G.711, a sine for a microphone, decoded audio dumped to WAV, ctrl_tcp on
 * `controlPort`, the CA for TLS. baresip 1.0 has no `sip_transports` or `sip_trans_def`: it opens UDP,
 * TCP and TLS, and the account's `;transport=` chooses.
 */
function config(dir: string, controlPort: number, caFile?: string): string {
  const lines = [
    ['poll_method', 'poll'],
    ['sip_listen', '127.0.0.1:0'],
    ...(caFile ? [['sip_cafile', caFile]] : []),
    // ausine makes 48 kHz stereo only; baresip resamples to the codec's 8 kHz mono.
    ['audio_source', 'ausine,440'],
    ['ausrc_srate', '48000'],
    ['ausrc_channels', '2'],
    // A player is required; aubridge plays into nothing (no sound card here).
    ['audio_player', 'aubridge,nil'],
    ['audio_alert', 'aubridge,nil'],
    ['module_path', '/usr/lib/baresip/modules'],
    ...['g711', 'ausine', 'aubridge', 'sndfile', 'account', 'menu', 'ctrl_tcp'].map((m) => [
      'module',
      `${m}.so`,
    ]),
    ['snd_path', dir],
    ['ctrl_tcp_listen', `127.0.0.1:${controlPort}`],
  ];
  return `${lines.map(([k, v]) => `${k}\t${v}`).join('\n')}\n`;
}

/** baresip behind the shared desk-phone suite (desk-phone-suite.ts). */
export const baresipDriver: DeskPhoneDriver = {
  name: 'baresip',
  available: ensureBaresip,
  userAgent: /^baresip/,
  seed: 15,
  /** Its sine carries ~15 units of energy per 20 ms frame (audio-frame.ts); 25 frames at 10 is sound, silence is 0. */
  sound: 25 * 10,
  /** A second of each other's sine (8 kHz, 16 bits). */
  crossBytes: 16_000,
  answerRefusal: /refused NOTIFY Event: talk with 481/,
  keys: { beforeTransfer: '7*0', afterTransfer: '' },
  // baresip 1.0's menu hangs up by itself (its own BYE) when a transfer fails.
  keepsCallAfterRefusedTransfer: false,
  recordsAfterResume: false,
  async start(o): Promise<DeskPhone> {
    const server = `${o.host}:${o.port}`;
    const phone = await Baresip.start({ ...o, server });
    return {
      dir: phone.dir,
      incoming: () => phone.event('CALL_INCOMING', 10_000),
      answer: () => {
        phone.command('accept');
        return phone.event('CALL_ESTABLISHED');
      },
      dial: (user) => phone.command('dial', `sip:${user}@${server}`),
      established: () => phone.event('CALL_ESTABLISHED'),
      ended: () => phone.event('CALL_CLOSED'),
      hangUp: () => {
        phone.command('hangup');
        return phone.event('CALL_CLOSED');
      },
      press: (key) => phone.command('sndcode', key),
      transfer: (user) => {
        phone.command('transfer', `sip:${user}@${server}`);
        return phone.event('TRANSFER_FAILED');
      },
      // The menu's call hold and resume (baresip 1.0: `/hold`, `/resume`).
      hold: async () => phone.command('hold'),
      resume: () => phone.command('resume'),
      recordedBytes: () => phone.recordedBytes(),
      decodedSeconds: async () => {
        const decoder = await phone.decoder();
        if (decoder.discarded > 0) throw new Error(`baresip discarded ${decoder.discarded} frames as old`);
        return decoder.seconds;
      },
      // sndfile finishes its WAV file when baresip quits.
      heard: async () => {
        await phone.stop();
        const heard = await phone.heard();
        if (!heard.ok) throw new Error(heard.error.message);
        return heard.samples;
      },
      stop: () => phone.stop(),
    };
  },
};
