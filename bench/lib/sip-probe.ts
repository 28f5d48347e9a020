import { createSocket } from 'node:dgram';
import { readdirSync, readFileSync } from 'node:fs';

/** True when a SIP server answers an OPTIONS over UDP on 127.0.0.1:port (any response will do). */
export function answersSip(port: number, timeoutMs = 300): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('message', () => done(true));
    socket.once('error', () => done(false));
    socket.bind(0, '127.0.0.1', () => {
      const local = socket.address().port;
      const text =
        `OPTIONS sip:127.0.0.1:${port} SIP/2.0\r\n` +
        `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=z9hG4bK-probe${Date.now()}\r\n` +
        `From: <sip:probe@127.0.0.1>;tag=p\r\nTo: <sip:127.0.0.1:${port}>\r\n` +
        `Call-ID: probe-${Date.now()}@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`;
      socket.send(text, port, '127.0.0.1');
    });
  });
}

/** A process and all its descendants (Kamailio forks its workers). */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    out.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return out;
}

/** CPU time (user + system) of a process tree so far, in µs (Linux /proc, 100 Hz ticks). */
export function treeCpuMicros(pid: number): number {
  let ticks = 0;
  for (const p of processTree(pid)) {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone: its time is lost with it.
    }
  }
  return ticks * 10_000;
}

/**
 * Proportional memory (PSS) of a process tree in KB: pages shared between
 * Kamailio's processes (its shared memory pool) counted once, not per process.
 */
export function treePssKb(pid: number): number {
  let kb = 0;
  for (const p of processTree(pid)) {
    try {
      const rollup = readFileSync(`/proc/${p}/smaps_rollup`, 'utf8');
      kb += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch {
      // Gone.
    }
  }
  return kb;
}

/** Wait until a process tree is idle (under 5 % of a core over 200 ms), at most `maxMs`: a step starts on a quiet server. */
export async function quiet(pid: number, maxMs = 4000): Promise<void> {
  const until = performance.now() + maxMs;
  let before = treeCpuMicros(pid);
  while (performance.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    const now = treeCpuMicros(pid);
    if (now - before < 10_000) return;
    before = now;
  }
}

/** True once something has bound UDP `port` (read from /proc/net/udp): a sipp softphone is ready. */
export function udpBound(port: number): boolean {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
  try {
    return readFileSync('/proc/net/udp', 'utf8').includes(hex);
  } catch {
    return false;
  }
}
