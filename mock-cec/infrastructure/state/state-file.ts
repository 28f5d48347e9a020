import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { faultRuleSchema } from '../../domain/faults/fault-rule.ts';
import { tenantSchema } from '../config/tenant-schema.ts';
import type { Simulator } from './simulator.ts';

/**
 * The configuration the simulator was given, kept in `<dir>/state.json` so
 * that a restarted simulator comes back with it: tenants (their whole
 * configuration and seed), each tenant's clock offset, the fault rules. Not
 * kept: calls, registrations, agent sessions, tokens, the journal — what a
 * restart of a real CEC would also lose, or what clients make again.
 *
 * Written on every change, before the change is acknowledged (the write is
 * synchronous, inside the change), atomically: a temporary file, fsync, then
 * rename over the old one, so a crash leaves the old state or the new one.
 */
export const STATE_FILE = 'state.json';

const stateSchema = z.object({
  version: z.literal(1),
  tenants: z.array(
    z.object({
      config: tenantSchema,
      seed: z.number().int().min(0),
      clockOffsetMs: z.number().min(0),
    }),
  ),
  faults: z.array(faultRuleSchema.extend({ id: z.string().min(1) })),
});

export type SavedState = z.output<typeof stateSchema>;

/** The state folder cannot be used: one line naming it and the cause. */
export class StateDirError extends Error {
  constructor(
    readonly dir: string,
    readonly problem: string,
  ) {
    super(`--state-dir ${dir}: ${problem}`);
    this.name = 'StateDirError';
  }
}

export function snapshot(sim: Simulator): SavedState {
  return {
    version: 1,
    tenants: sim.tenants().map((t) => ({ config: t.config, seed: t.seed, clockOffsetMs: t.clock.offsetMs })),
    faults: sim.faults.list(),
  };
}

/** The saved state, or undefined when the folder has none yet. */
export function readState(dir: string): SavedState | undefined {
  const file = join(dir, STATE_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new StateDirError(dir, `cannot read ${STATE_FILE} (${code})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new StateDirError(dir, `${STATE_FILE} is not JSON (remove it to start afresh)`);
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StateDirError(
      dir,
      `${STATE_FILE}: ${issue?.path.join('.')}: ${issue?.message} (remove it to start afresh)`,
    );
  }
  return parsed.data;
}

export function writeState(dir: string, state: SavedState): void {
  const file = join(dir, STATE_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(state, null, 1)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (err) {
    throw new StateDirError(dir, `cannot write ${STATE_FILE} (${(err as NodeJS.ErrnoException).code})`);
  }
}

/** Put the saved state into a simulator with no tenants and no rules. */
export function restoreState(sim: Simulator, state: SavedState): void {
  for (const t of state.tenants) {
    // The tenant starts at its saved time, so what its parts stamp when built (agents' since) is on it.
    sim.addTenant(t.config, t.seed, t.clockOffsetMs);
  }
  for (const f of state.faults) sim.faults.add(f);
}

/** From now on, every configuration change is written to `dir` before it is acknowledged. */
export function persistState(sim: Simulator, dir: string): void {
  const save = () => writeState(dir, snapshot(sim));
  save();
  sim.onConfigChange(save);
}
