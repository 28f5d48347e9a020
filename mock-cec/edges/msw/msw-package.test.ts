import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('the package export mock-cec/msw', () => {
  it("serves a plain fetch client in a consumer's Node, which cannot load .ts", async () => {
    const { buildLibrary } = (await import(pathToFileURL(join(root, 'scripts/build-package.mjs')).href)) as {
      buildLibrary(): Promise<void>;
    };
    await buildLibrary();
    // A child process importing by package name: what a user's test file does, without vitest's loader.
    const script = `
      import { setupServer } from 'msw/node';
      import { createCecHandlers } from 'mock-cec/msw';
      const cec = createCecHandlers({ baseUrl: 'https://cec.example.com', seed: 3 });
      const server = setupServer(...cec.handlers);
      server.listen({ onUnhandledRequest: 'error' });
      const { appKey, appSecret } = cec.tenant.config.app;
      const token = await (await fetch('https://cec.example.com/apigovernance/api/oauth/tokenByAkSk', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ app_key: appKey, app_secret: appSecret }),
      })).json();
      const agents = await (await fetch('https://cec.example.com/apiaccess/CC-Management/v1/queryAgentInfo', {
        headers: { authorization: 'Bearer ' + token.AccessToken, 'x-app-key': appKey },
      })).json();
      server.close();
      console.log(JSON.stringify({ token, first: agents.agents[0], workNo: cec.tenant.config.agents[0].workNo }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      timeout: 20_000,
    });
    const out = JSON.parse(stdout) as {
      token: Record<string, unknown>;
      first: Record<string, unknown>;
      workNo: number;
    };
    expect(out.token).toMatchObject({ ApplyType: 'Bearer', Scope: 'default', UserID: 'Anonymous' });
    expect(typeof out.token.AccessToken).toBe('string');
    expect(out.first).toMatchObject({ workNo: out.workNo });
    expect(Object.keys(out.first).sort()).toEqual(['accountCode', 'sipAccount', 'sipPwd', 'workNo']);
  });
});
