import type { Journal } from '../../mock-cec/journal/journal.ts';

/**
 * Wait until the journal has been quiet for `quietMs` (at most `maxMs`).
 * After the last step, messages it set off are still in flight (the 200 to
 * a BYE, the bar's next poll): cutting the journal once they have landed
 * makes the recorded run the same from one run to the next.
 */
export function settle(journal: Journal, quietMs = 150, maxMs = 1500): Promise<void> {
  return new Promise((resolve) => {
    const started = performance.now();
    let last = performance.now();
    const unsubscribe = journal.subscribe(() => {
      last = performance.now();
    });
    const check = () => {
      const now = performance.now();
      if (now - last >= quietMs || now - started >= maxMs) {
        unsubscribe();
        resolve();
      } else setTimeout(check, Math.max(10, quietMs - (now - last)));
    };
    setTimeout(check, quietMs);
  });
}
