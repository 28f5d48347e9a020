import { connect } from 'node:net';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './app-env.ts';
import { listen } from './listen.ts';

describe('listen', () => {
  it('answers 408 and closes a connection whose headers never finish (slowloris)', async () => {
    const app = new Hono<AppEnv>().get('/', (c) => c.text('ok'));
    const server = await listen(app, {
      host: '127.0.0.1',
      port: 0,
      deadlines: { headersMs: 200, requestMs: 300, keepAliveMs: 100, checkEveryMs: 50 },
    });
    const socket = connect(server.port, '127.0.0.1');
    socket.write('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: '); // and never another byte
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    await new Promise((resolve) => socket.on('close', resolve));
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    await server.close();
  });
});
