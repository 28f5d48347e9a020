import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A 256-bit key kept in `file` (base64, mode 0600), made on first use: the
 * integration's keys live beside the data they protect, so a restart of
 * `npm start` keeps accepting the bar tokens it issued before (and opening
 * the passwords it sealed). A file that does not hold a 32-byte key is
 * replaced, as a new data folder would be.
 */
export function keptKey(file: string): string {
  try {
    const text = readFileSync(file, 'utf8').trim();
    if (Buffer.from(text, 'base64').length === 32) return text;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(32).toString('base64');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
