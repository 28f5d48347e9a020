import { createSocket } from 'node:dgram';
import { percentile } from '../../harness/load/percentiles.ts';

/** How promptly the simulator's SIP side answered while calls were held. */
export interface OptionsFigures {
  sent: number;
  /** Answer times of the OPTIONS answered, ms. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Not answered within a second. */
  unanswered: number;
}

/** After this long an OPTIONS counts as unanswered (and its time as at least this). */
const GIVE_UP_MS = 1000;

/**
 * SIP OPTIONS over UDP to the simulator every `everyMs` while started, each
 * timed from send to answer (issue 14: "OPTIONS answered under 50 ms at 150
 * calls"). Signalling and media share the simulator's process, so this is the
 * signalling's answer time under the media's load.
 */
export async function optionsProbe(port: number, everyMs = 100) {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const local = socket.address().port;
  const waiting = new Map<string, number>();
  let times: number[] = [];
  let sent = 0;
  let unanswered = 0;
  let n = 0;
  let timer: NodeJS.Timeout | undefined;
  socket.on('message', (data) => {
    const callId = /^Call-ID:\s*(\S+)/im.exec(data.toString('latin1'))?.[1];
    const at = callId === undefined ? undefined : waiting.get(callId);
    if (at === undefined || callId === undefined) return;
    waiting.delete(callId);
    times.push(performance.now() - at);
  });
  const send = () => {
    const now = performance.now();
    for (const [id, at] of waiting) {
      if (now - at < GIVE_UP_MS) continue;
      waiting.delete(id);
      unanswered++;
    }
    const callId = `probe-${++n}-${local}@127.0.0.1`;
    const text =
      `OPTIONS sip:127.0.0.1:${port} SIP/2.0\r\n` +
      `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=z9hG4bK-probe${n}\r\n` +
      `From: <sip:probe@127.0.0.1>;tag=p${n}\r\nTo: <sip:127.0.0.1:${port}>\r\n` +
      `Call-ID: ${callId}\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`;
    waiting.set(callId, now);
    sent++;
    socket.send(text, port, '127.0.0.1');
  };
  return {
    start(): void {
      times = [];
      sent = 0;
      unanswered = 0;
      waiting.clear();
      timer = setInterval(send, everyMs);
    },
    stop(): OptionsFigures {
      clearInterval(timer);
      const all = [...times, ...Array.from({ length: unanswered + waiting.size }, () => GIVE_UP_MS)];
      return {
        sent,
        p50Ms: percentile(all, 50),
        p99Ms: percentile(all, 99),
        maxMs: Math.max(0, ...all),
        unanswered: unanswered + waiting.size,
      };
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
