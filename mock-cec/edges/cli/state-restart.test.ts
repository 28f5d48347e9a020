import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CliProcess, runCli } from './testing/run-cli.ts';

/**
 * Configuration given through the control API survives a crash: each change
 * is on disk before the control API answers, so SIGKILL right after the
 * answer loses nothing, and the restarted simulator has the same tenants,
 * clocks and fault rules.
 */
let dir: string;
let cli: CliProcess | undefined;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mock-cec-restart-'));
});
afterEach(() => {
  if (cli?.child.exitCode === null) cli.child.kill('SIGKILL');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function start(stateDir: string) {
  cli = runCli(['start', '--no-tls', '--port', '0', '--no-sip', '--seed', '3', '--state-dir', stateDir]);
  await cli.waitFor(/Vendor APIs\s+\S+/);
  return /Vendor APIs\s+(\S+)/.exec(cli.stdout())![1]!;
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('--state-dir', { timeout: 60_000 }, () => {
  it('brings back tenants, clock offsets and fault rules after SIGKILL', async () => {
    const stateDir = join(dir, 'state');
    let url = await start(stateDir);
    const created = await post(`${url}/__mock/tenants`, { seed: 42, agents: 2 });
    expect(created.status).toBe(201);
    const tenantId = ((await created.json()) as { tenantSpaceId: string }).tenantSpaceId;
    expect((await post(`${url}/__mock/tenants/${tenantId}/clock`, { advanceMs: 3_600_000 })).status).toBe(
      200,
    );
    const rule = await post(`${url}/__mock/faults`, {
      id: 'slow-token',
      tenant: tenantId,
      api: 'TokenByAkSk',
      action: { do: 'status', status: 503 },
    });
    expect(rule.status).toBe(201);
    cli!.child.kill('SIGKILL'); // at once after the acknowledgement: no chance to save on the way out
    expect(await cli!.exited).toBe('SIGKILL');

    url = await start(stateDir);
    expect(cli!.stdout()).toContain(`configuration restored from ${stateDir}`);
    const tenants = (await (await fetch(`${url}/__mock/tenants`)).json()) as {
      tenants: { tenantSpaceId: string }[];
    };
    expect(tenants.tenants.map((t) => t.tenantSpaceId)).toContain(tenantId);
    expect(tenants.tenants).toHaveLength(2); // the seed-3 tenant of the first start, and the one added
    const clock = (await (await fetch(`${url}/__mock/tenants/${tenantId}/clock`)).json()) as {
      offsetMs: number;
    };
    expect(clock.offsetMs).toBe(3_600_000);
    const faults = (await (await fetch(`${url}/__mock/faults`)).json()) as {
      faults: { id: string; tenant: string }[];
    };
    expect(faults.faults).toMatchObject([{ id: 'slow-token', tenant: tenantId }]);
  });

  it('a corrupt state file is one line naming it, not a stack', async () => {
    const stateDir = join(dir, 'bad');
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(stateDir);
    await writeFile(join(stateDir, 'state.json'), 'not json');
    cli = runCli(['start', '--no-tls', '--port', '0', '--no-sip', '--state-dir', stateDir]);
    expect(await cli.exited).toBe(1);
    expect(cli.stderr().trim()).toBe(
      `mock-cec: --state-dir ${stateDir}: state.json is not JSON (remove it to start afresh)`,
    );
  });
});
