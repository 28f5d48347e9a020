import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from './migrations.ts';
import { openDatabase } from './open-database.ts';

const dir = mkdtempSync(join(tmpdir(), 'integration-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openDatabase', () => {
  it('creates the file owner-only, migrates it, and reopens it without migrating again', () => {
    const file = join(dir, 'nested', 'integration.db');
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    db.prepare("INSERT INTO sync_state (key, value) VALUES ('k', 'v')").run();
    db.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const again = openDatabase(file);
    expect(again.prepare("SELECT value FROM sync_state WHERE key = 'k'").pluck().get()).toBe('v');
    again.close();
  });

  it('refuses a database from a newer version of the code', () => {
    const file = join(dir, 'newer.db');
    const db = openDatabase(file);
    db.pragma(`user_version = ${migrations.length + 1}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer than this code/);
  });
});
