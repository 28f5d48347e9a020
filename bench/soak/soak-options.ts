import { parseArgs } from 'node:util';

export const USAGE = `bench/soak.ts — a long steady load: agents registered, signed in and long-polling, calls all along

  node --import tsx bench/soak.ts [options]      (or: npm run bench -- soak [--option=value…])

  --minutes N      how long calls keep arriving (default 10)
  --agents N       agents registered over WSS (default 500): the signed-in ones are SIP.js phones in
                   Chromium, the others raw \`ws\` clients that register with digest and stay connected
  --signed-in N    of them, signed in through the agent gateway, long-polling its events and taking
                   calls (default 200)
  --calls N        simultaneous calls (default 50); they arrive at a steady N / hold calls a second
  --hold SECONDS   how long the customer stays on each call (default 20)
  --sample SECONDS how often the calls are sampled to prove audio both ways (default 5)
  --short          the CI form: --minutes 1 --agents 60 --signed-in 20 --calls 5 --hold 10 --sample 3
                   (options given beside it win)
  --seed N         seed of the generated tenant (default 7)
  --media-workers N  worker threads carrying the customers' media (default 1, as \`mock-cec start\`;
                   0: on the simulator's main loop)
  --journal N      journal entries the simulator keeps (default 20000: full by minute 2 under this
                   load, so the half judged is a steady state; \`mock-cec start\` keeps 100000, which this
                   load fills in about 10.6 min, so its whole run is the journal filling)
`;

export interface SoakOptions {
  minutes: number;
  agents: number;
  signedIn: number;
  calls: number;
  holdSec: number;
  sampleSec: number;
  seed: number;
  mediaWorkers: number;
  journal: number;
}

export type ParsedSoakOptions =
  | { ok: true; options: SoakOptions }
  | { ok: false; error: string }
  | { help: true };

const DEFAULTS: SoakOptions = {
  minutes: 10,
  agents: 500,
  signedIn: 200,
  calls: 50,
  holdSec: 20,
  sampleSec: 5,
  seed: 7,
  mediaWorkers: 1,
  // Not `mock-cec start`'s 100,000: a journal still filling is growth by design (docs/benchmarks.md).
  journal: 20_000,
};
const SHORT: Partial<SoakOptions> = {
  minutes: 1,
  agents: 60,
  signedIn: 20,
  calls: 5,
  holdSec: 10,
  sampleSec: 3,
};

export function parseSoakOptions(argv: readonly string[]): ParsedSoakOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        minutes: { type: 'string' },
        agents: { type: 'string' },
        'signed-in': { type: 'string' },
        calls: { type: 'string' },
        hold: { type: 'string' },
        sample: { type: 'string' },
        short: { type: 'boolean' },
        seed: { type: 'string' },
        'media-workers': { type: 'string' },
        journal: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    return { ok: false, error: (err as Error).message.split('. ')[0]! };
  }
  if (values.help) return { help: true };
  const base = { ...DEFAULTS, ...(values.short ? SHORT : {}) };
  const errors: string[] = [];
  const number = (flag: string, fallback: number, min: number, max: number): number => {
    const v = values[flag];
    if (typeof v !== 'string') return fallback;
    if (!/^\d+(\.\d+)?$/.test(v) || Number(v) < min || Number(v) > max) {
      errors.push(`--${flag} must be a number from ${min} to ${max}, not "${v}"`);
      return fallback;
    }
    return Number(v);
  };
  const whole = (flag: string, fallback: number, min: number, max: number): number => {
    const n = number(flag, fallback, min, max);
    if (!Number.isInteger(n)) errors.push(`--${flag} must be a whole number, not "${values[flag]}"`);
    return n;
  };
  const options: SoakOptions = {
    minutes: number('minutes', base.minutes, 0.5, 24 * 60),
    agents: whole('agents', base.agents, 1, 2_000),
    signedIn: whole('signed-in', base.signedIn, 1, 2_000),
    calls: whole('calls', base.calls, 1, 500),
    holdSec: number('hold', base.holdSec, 3, 3_600),
    sampleSec: number('sample', base.sampleSec, 1, 60),
    seed: whole('seed', base.seed, 1, 8_999),
    mediaWorkers: whole('media-workers', base.mediaWorkers, 0, 8),
    journal: whole('journal', base.journal, 1_000, 1_000_000),
  };
  if (options.signedIn > options.agents)
    errors.push(`--signed-in (${options.signedIn}) cannot be more than --agents (${options.agents})`);
  if (options.calls > options.signedIn)
    errors.push(`--calls (${options.calls}) needs as many signed-in agents, not ${options.signedIn}`);
  // Two samples at least while a call is up, else no call can be proven.
  if (options.sampleSec * 2 >= options.holdSec)
    errors.push(`--sample (${options.sampleSec} s) must be under half of --hold (${options.holdSec} s)`);
  return errors.length > 0 ? { ok: false, error: errors.join('; ') } : { ok: true, options };
}

/** Calls a second that keep `calls` up at once when each lasts `holdSec` (Little's law). */
export const arrivalRate = (o: Pick<SoakOptions, 'calls' | 'holdSec'>) => o.calls / o.holdSec;
