import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU and memory of processes, read from Linux's /proc (proc(5)). Every
 * reader returns NaN (or nothing) for a process that is gone or a system
 * without /proc, so a figure is left out rather than the run failing.
 */

/** CPU time (user + system) the process has used so far, in µs. */
export function cpuMicros(pid: number): number {
  const fields = read(`/proc/${pid}/stat`)?.split(') ')[1]?.split(' ');
  // proc(5): utime and stime are fields 14 and 15 (11 and 12 after the command name), in clock ticks of 100 Hz.
  return fields ? (Number(fields[11]) + Number(fields[12])) * 10_000 : Number.NaN;
}

/** Resident memory in bytes (VmRSS). */
export function rssBytes(pid: number): number {
  return kb(read(`/proc/${pid}/status`), /VmRSS:\s+(\d+)/);
}

/** Proportional set size in bytes: shared pages split between their users, so a sum over processes adds up. */
export function pssBytes(pid: number): number {
  return kb(read(`/proc/${pid}/smaps_rollup`), /Pss:\s+(\d+)/);
}

/** Memory written by this process alone (Private_Dirty): its heaps, not the libraries or caches it shares. */
export function privateDirtyBytes(pid: number): number {
  return kb(read(`/proc/${pid}/smaps_rollup`), /Private_Dirty:\s+(\d+)/);
}

export function commandLine(pid: number): string {
  return read(`/proc/${pid}/cmdline`)?.replaceAll('\0', ' ') ?? '';
}

/** Every process below `root` (children, their children…). */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  for (const e of entries) {
    const ppid = Number(read(`/proc/${e}/stat`)?.split(') ')[1]?.split(' ')[1]);
    if (Number.isFinite(ppid)) children.set(ppid, [...(children.get(ppid) ?? []), Number(e)]);
  }
  const out: number[] = [];
  for (let todo = [root]; todo.length > 0; ) {
    const next = todo.flatMap((p) => children.get(p) ?? []);
    out.push(...next);
    todo = next;
  }
  return out;
}

/** Sum of a figure over processes, skipping the ones that are gone. */
export function sumOver(pids: readonly number[], figure: (pid: number) => number): number {
  return pids.map(figure).reduce((a, b) => (Number.isFinite(b) ? a + b : a), 0);
}

/**
 * CPU used by a group of processes between `start()` and `stop()`, as a
 * percentage of one core (200 % is both cores of a 2-core machine).
 */
export function cpuMeter(pids: () => readonly number[]): { start(): void; stop(): number } {
  let cpu0 = 0;
  let t0 = 0;
  return {
    start() {
      cpu0 = sumOver(pids(), cpuMicros);
      t0 = performance.now();
    },
    stop() {
      const wallUs = (performance.now() - t0) * 1000;
      return ((sumOver(pids(), cpuMicros) - cpu0) / wallUs) * 100;
    },
  };
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function kb(text: string | undefined, re: RegExp): number {
  const m = text === undefined ? null : re.exec(text);
  return m ? Number(m[1]) * 1024 : Number.NaN;
}

/**
 * CPU time (user + system) so far of each thread of a process, in µs, summed
 * by thread name (`comm`: "node" is the main thread, "V8 DefaultWorke" the
 * garbage collector's helpers, "libuv-worker" the thread pool; a worker
 * thread is named as Node names it): which thread a process's CPU went to.
 * Their system time (in the kernel: sockets, page faults) is also summed
 * under "(system)".
 */
export function threadCpuMicros(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const t of tasks) {
    const stat = read(`/proc/${pid}/task/${t}/stat`);
    if (!stat) continue;
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const us = (Number(fields[11]) + Number(fields[12])) * 10_000;
    out.set(name, (out.get(name) ?? 0) + us);
    out.set('(system)', (out.get('(system)') ?? 0) + Number(fields[12]) * 10_000);
  }
  return out;
}
