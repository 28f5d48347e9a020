import { describe, expect, it } from 'vitest';
import { seedTenant } from '../config/seed-tenant.ts';
import { banner } from './banner.ts';

describe('banner', () => {
  it('prints where the APIs and the console are', () => {
    const text = banner({ url: 'https://127.0.0.1:8043', tenants: [{ config: seedTenant(1), seed: 1 }] });
    expect(text).toContain('  Control API   https://127.0.0.1:8043/__mock/ ');
    expect(text).toContain('  Console       https://127.0.0.1:8043/__mock/console\n');
  });
});
