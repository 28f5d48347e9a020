import { afterEach } from 'vitest';

interface Closable {
  close(): Promise<void>;
}

/**
 * For tests that open sockets and peers: returns `track(x)`, which hands `x`
 * back and closes it after the current test, pass or fail.
 */
export function closeAfterEach(): <T extends Closable>(x: T) => T {
  const opened: Closable[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((x) => x.close()));
  });
  return (x) => {
    opened.push(x);
    return x;
  };
}
