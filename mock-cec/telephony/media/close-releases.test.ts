import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * "Closing releases sockets and timers" tested the only way that cannot lie:
 * a child process opens WebRTC and RTP calls, closes them, and must then exit
 * on its own, with nothing left to keep its event loop alive.
 */
it('a process that closed all its calls exits by itself', async () => {
  const fixture = fileURLToPath(new URL('./close-releases.fixture.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // The fixture finishes its calls within a second or two; a leaked handle keeps it alive forever.
  const hung = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 12_000).unref());
  const outcome = await Promise.race([exit, hung]);
  if (outcome === 'hung') child.kill('SIGKILL');
  expect({ outcome, stderr }).toEqual({ outcome: 0, stderr: '' });
  expect(JSON.parse(stdout)).toEqual({ closed: true, refused: true, dtls: 'closed' });
}, 20_000);
