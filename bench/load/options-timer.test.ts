import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { optionsProbe } from './options-probe.ts';
import { OptionsTimer } from './options-timer.ts';

/** A UDP "SIP server" that answers each OPTIONS with 200 after `delayMs`, or not at all. */
async function responder(delayMs: number | 'never') {
  const socket = createSocket('udp4');
  socket.on('message', (data, from) => {
    if (delayMs === 'never') return;
    const callId = /^Call-ID:\s*(\S+)/im.exec(data.toString('latin1'))?.[1];
    setTimeout(
      () =>
        socket.send(
          `SIP/2.0 200 OK\r\nCall-ID: ${callId}\r\nContent-Length: 0\r\n\r\n`,
          from.port,
          from.address,
        ),
      delayMs,
    );
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, close: () => new Promise<void>((r) => socket.close(() => r())) };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('OptionsTimer', () => {
  it('waits for the OPTIONS still in flight at the stop instead of counting them unanswered', async () => {
    const server = await responder(30);
    closers.push(server.close);
    const timer = await OptionsTimer.open(server.port, 10);
    closers.push(() => timer.close());
    timer.start();
    await new Promise((r) => setTimeout(r, 205)); // stops just after a send, its answer 30 ms away
    const figures = await timer.stop();
    expect(figures.sent).toBeGreaterThan(5);
    expect(figures.unanswered).toBe(0);
    expect(figures.p50Ms).toBeGreaterThanOrEqual(29);
    expect(figures.maxMs).toBeLessThan(1000);
  });

  it('counts an OPTIONS nobody answers within a second as unanswered, at a second', async () => {
    const server = await responder('never');
    closers.push(server.close);
    const timer = await OptionsTimer.open(server.port, 400);
    closers.push(() => timer.close());
    timer.start();
    await new Promise((r) => setTimeout(r, 450));
    const figures = await timer.stop();
    expect(figures).toMatchObject({ sent: 1, unanswered: 1, maxMs: 1000 });
  });
});

describe('optionsProbe', () => {
  it('times OPTIONS from a thread of its own', async () => {
    const server = await responder(5);
    closers.push(server.close);
    const probe = await optionsProbe(server.port);
    closers.push(() => probe.close());
    probe.start();
    await new Promise((r) => setTimeout(r, 350));
    const figures = await probe.stop();
    expect(figures.sent).toBeGreaterThanOrEqual(2);
    expect(figures.unanswered).toBe(0);
    expect(figures.p50Ms).toBeGreaterThanOrEqual(4);
  });
});
