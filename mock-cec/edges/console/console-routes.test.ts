import { describe, expect, it } from 'vitest';
import { testApp } from '../../testing/test-app.ts';

describe('GET /__mock/console', () => {
  it('serves the page with a strict content security policy, with and without the slash', async () => {
    const t = testApp();
    for (const path of ['/__mock/console', '/__mock/console/']) {
      const res = await t.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html;charset=UTF-8');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      const html = await res.text();
      expect(html).toContain('<main class="grid">');
      expect(html).toContain('src="/__mock/console/app.ts"');
    }
  });

  it('serves its modules as JavaScript, types stripped, imports kept', async () => {
    const t = testApp();
    const res = await t.request('/__mock/console/app.ts');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript;charset=UTF-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const js = await res.text();
    expect(js).toContain('from "./agents-panel.ts"');
    expect(js).not.toMatch(/import type|: TenantView/);
    expect(js).toContain('sourceMappingURL=data:application/json;base64,');
  });

  it('serves the stylesheet', async () => {
    const res = await testApp().request('/__mock/console/console.css');
    expect(res.headers.get('content-type')).toBe('text/css;charset=UTF-8');
  });

  it('refuses tests, other folders and unknown files with the control envelope', async () => {
    const t = testApp();
    for (const path of [
      '/__mock/console/format.test.ts',
      '/__mock/console/..%2Fconsole-routes.ts',
      '/__mock/console/nope.ts',
      '/__mock/console/app.js',
    ]) {
      const res = await t.request(path);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not-found');
    }
  });
});
