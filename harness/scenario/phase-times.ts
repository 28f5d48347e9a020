/**
 * Where a scenario's time goes, phase by phase (`npm run bench -- scenarios
 * --phases`): each lap closes the phase that began at the previous one. A
 * phase lapped twice adds up (two desks' page loads are one "login" phase).
 */
export interface PhaseTime {
  name: string;
  ms: number;
}

export class PhaseTimes {
  readonly #laps = new Map<string, number>();
  #since: number;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.#since = now();
  }

  /** Close the phase named `name`: the time since the last lap (or the start) is its. */
  lap(name: string): void {
    const t = this.now();
    this.#laps.set(name, (this.#laps.get(name) ?? 0) + (t - this.#since));
    this.#since = t;
  }

  /** Start timing afresh without charging the time since the last lap to any phase. */
  skip(): void {
    this.#since = this.now();
  }

  list(): PhaseTime[] {
    return [...this.#laps].map(([name, ms]) => ({ name, ms: Math.round(ms) }));
  }
}
