import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../config/seed-tenant.ts';
import { Simulator } from './simulator.ts';
import { persistState, readState, restoreState, STATE_FILE, StateDirError, snapshot } from './state-file.ts';

describe('the state folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mock-cec-state-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('holds every change as it happens, written atomically, and restores it into a new simulator', async () => {
    const d = join(dir, 'a');
    const sim = new Simulator({ realTimers: false });
    persistState(sim, d);
    expect(readState(d)).toEqual({ version: 1, tenants: [], faults: [] });
    const t = sim.addTenant(seedTenant(7), 7);
    expect(readState(d)?.tenants.map((x) => x.config.tenantSpaceId)).toEqual([t.id]);
    sim.faults.add({ api: 'TokenByAkSk', tenant: t.id, action: { do: 'status', status: 503 } });
    expect(readState(d)?.faults).toHaveLength(1);
    t.advance(90_000);
    expect(readState(d)?.tenants[0]?.clockOffsetMs).toBe(90_000);
    expect(await readdir(d)).toEqual([STATE_FILE]); // no temporary file left behind

    const again = new Simulator({ realTimers: false });
    restoreState(again, readState(d)!);
    expect(snapshot(again)).toEqual(snapshot(sim));
    // A rule added after a restore gets a fresh id, not one of the restored ones.
    expect(again.faults.add({ action: { do: 'drop' } }).id).not.toBe('fault-1');

    sim.removeTenant(t.id);
    expect(readState(d)).toEqual({ version: 1, tenants: [], faults: [] });
    sim.dispose();
    again.dispose();
  });

  it('refuses a damaged state file in one line naming it', async () => {
    const d = join(dir, 'b');
    const sim = new Simulator({ realTimers: false });
    persistState(sim, d);
    await writeFile(join(d, STATE_FILE), '{"version":1,"tenants":[{"seed":1}]');
    expect(() => readState(d)).toThrow(
      new StateDirError(d, `${STATE_FILE} is not JSON (remove it to start afresh)`),
    );
    await writeFile(join(d, STATE_FILE), '{"version":1,"tenants":[{"seed":1}],"faults":[]}');
    expect(() => readState(d)).toThrow(
      /^--state-dir .*: state\.json: tenants\.0\.config: .*remove it to start afresh/,
    );
    expect(JSON.parse(await readFile(join(d, STATE_FILE), 'utf8')).version).toBe(1);
  });
});
