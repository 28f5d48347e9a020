import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * Node 20 aborts the whole process when a worker is terminated while one of
 * its UDP sockets receives (seen in CI: "FATAL ERROR: v8::FromJust Maybe value
 * is Nothing" in UDPWrap::OnRecv on a worker's thread). A child process closes
 * a worker engine forty times under a flood of RTP and must live; before the
 * engine asked its worker to close the sockets first, about one run in two died
 * (exit 134).
 */
it('closing a worker engine while RTP floods its sessions does not abort the process', async () => {
  const fixture = fileURLToPath(new URL('./terminate-while-receiving.fixture.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, '40'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  expect({ code, stdout, fatal: stderr.includes('FATAL ERROR') }).toEqual({
    code: 0,
    stdout: 'survived 40\n',
    fatal: false,
  });
}, 120_000);
