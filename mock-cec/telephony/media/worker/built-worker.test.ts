import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
// @ts-expect-error: a build script in JavaScript, without declarations
import { buildMediaWorker, bundle } from '../../../../scripts/build-cli.mjs';
import { inspectOffer } from '../sdp.ts';
import type { createWorkerMediaEngine as Create } from './worker-media-engine.ts';

const dir = mkdtempSync(join(tmpdir(), 'mock-cec-built-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The built package has no TypeScript: the engine bundled into a file and the
 * worker bundled beside it (as scripts/build-cli.mjs writes dist/mock-cec.mjs
 * and dist/media-worker.mjs) start a worker that carries a call's audio.
 */
describe('the media worker as built', () => {
  it('is found beside the bundle that starts it and carries audio', async () => {
    await Promise.all([
      bundle(join(import.meta.dirname, 'worker-media-engine.ts'), join(dir, 'engine.mjs')),
      buildMediaWorker(join(dir, 'media-worker.mjs')),
    ]);
    const { createWorkerMediaEngine } = (await import(pathToFileURL(join(dir, 'engine.mjs')).href)) as {
      createWorkerMediaEngine: typeof Create;
    };
    const engine = createWorkerMediaEngine({ workers: 1 });
    const socket = createSocket('udp4');
    try {
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
      let received = 0;
      socket.on('message', () => received++);
      const offer = ['v=0', 'o=p 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0']
        .concat([`m=audio ${socket.address().port} RTP/AVP 0`, 'a=sendrecv', ''])
        .join('\r\n');
      const { sdp, session } = await engine.answer(offer, {
        source: { kind: 'tone' },
        mode: 'both',
        host: '127.0.0.1',
      });
      const answer = inspectOffer(sdp);
      expect(answer.ok).toBe(true);
      await vi.waitFor(
        () => {
          expect(received).toBeGreaterThan(10);
          expect(session.stats().packetsSent).toBeGreaterThan(10);
        },
        { timeout: 20_000, interval: 50 },
      );
      await session.close();
    } finally {
      socket.close();
      await engine.close();
    }
  }, 120_000);
});
