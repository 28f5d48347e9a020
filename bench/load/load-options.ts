import { parseArgs } from 'node:util';

export const USAGE = `bench/load.ts — how many agents and simultaneous calls with audio one machine holds

  node --import tsx bench/load.ts [options]      (or: npm run bench -- load [--option=value…])

  --phones N        softphones (agents) to register (default 200)
  --per-page N      phones per browser page, each page in its own context (default 100; Chromium's cap is 255)
  --concurrency N   registrations in flight per page (default 6)
  --calls LIST      simultaneous calls per round, e.g. 25 or 25,50,100 (default 25)
  --hold SECONDS    how long each round's calls stay up while CPU is sampled (default 10)
  --step            find where it stops: --phones 250 --calls 25,50,100,200, stopping at the first
                    round that fails (other options still apply)
  --keep-going      go on to the next round when one falls short (a call failed, or audio fell behind
                    real time), so that every round's figures are printed (npm run bench -- media does)
  --seed N          seed of the generated tenant (default 7)
  --media-workers LIST
                    the simulator's media worker threads, e.g. 1 or 0,1: the whole run once per
                    setting, then issue 14's figures side by side (default 1, as mock-cec start)
  --sim-priority N  the simulator's nice value, -20 to 19 (default -5: above the Chromium phones, the
                    load generator, which otherwise take the scheduler's fair share of the same cores;
                    0: as they are; below 0 needs root, else it runs at 0 and says so)
  --media-priority N
                    the media worker threads' own nice value, -20 to 19 (default: the simulator's;
                    a higher one lets signalling go first when the cores are short)
`;

export interface LoadOptions {
  phones: number;
  perPage: number;
  concurrency: number;
  /** Rounds of simultaneous calls, in order; the run stops at the first that fails. */
  calls: number[];
  holdMs: number;
  seed: number;
  /** One run per media-worker setting (0: media on the simulator's main loop). */
  mediaWorkers: number[];
  /** Go on past a round that falls short (callPhase's keepGoing). */
  keepGoing: boolean;
  /** The simulator process's nice value (its threads inherit it). */
  simPriority: number;
  /** The media worker threads' own nice value; absent: the simulator's. */
  mediaPriority?: number;
}

/** A bad command line, said in one line for the person who typed it. */
export type ParsedLoadOptions =
  | { ok: true; options: LoadOptions }
  | { ok: false; error: string }
  | { help: true };

export function parseLoadOptions(argv: readonly string[]): ParsedLoadOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        phones: { type: 'string' },
        'per-page': { type: 'string' },
        concurrency: { type: 'string' },
        calls: { type: 'string' },
        hold: { type: 'string' },
        step: { type: 'boolean' },
        'keep-going': { type: 'boolean' },
        seed: { type: 'string' },
        'media-workers': { type: 'string' },
        'sim-priority': { type: 'string' },
        'media-priority': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    return { ok: false, error: (err as Error).message.split('. ')[0]! };
  }
  if (values.help) return { help: true };
  const step = values.step === true;
  const errors: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const v = values[name];
    if (typeof v !== 'string') return fallback;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      errors.push(`--${name} must be a whole number from ${min} to ${max}, not "${v}"`);
      return fallback;
    }
    return Number(v);
  };
  const options: LoadOptions = {
    phones: int('phones', step ? 250 : 200, 1, 2_000),
    perPage: int('per-page', 100, 1, 250),
    concurrency: int('concurrency', 6, 1, 50),
    calls: [25],
    holdMs: int('hold', 10, 0, 600) * 1000,
    seed: int('seed', 7, 1, 8_999),
    mediaWorkers: [1],
    keepGoing: values['keep-going'] === true,
    simPriority: -5,
  };
  const nice = (name: string): number | undefined => {
    const v = values[name];
    if (typeof v !== 'string') return undefined;
    if (/^-?\d+$/.test(v) && Number(v) >= -20 && Number(v) <= 19) return Number(v);
    errors.push(`--${name} must be a whole number from -20 to 19, not "${v}"`);
    return undefined;
  };
  options.simPriority = nice('sim-priority') ?? options.simPriority;
  const mediaPriority = nice('media-priority');
  if (mediaPriority !== undefined) options.mediaPriority = mediaPriority;
  const workers = typeof values['media-workers'] === 'string' ? values['media-workers'] : '1';
  if (!/^\d+(,\d+)*$/.test(workers) || workers.split(',').some((w) => Number(w) > 16))
    errors.push(`--media-workers takes numbers from 0 to 16 separated by commas, not "${workers}"`);
  else options.mediaWorkers = workers.split(',').map(Number);
  const calls = typeof values.calls === 'string' ? values.calls : step ? '25,50,100,200' : '25';
  if (!/^\d+(,\d+)*$/.test(calls)) errors.push(`--calls takes numbers separated by commas, not "${calls}"`);
  else options.calls = calls.split(',').map(Number);
  if (options.calls.some((c) => c < 1)) errors.push('--calls: every round needs at least one call');
  return errors.length > 0 ? { ok: false, error: errors.join('; ') } : { ok: true, options };
}
