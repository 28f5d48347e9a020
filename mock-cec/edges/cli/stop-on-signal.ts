/** How long a stop may take before the process exits anyway. */
export const STOP_WITHIN_MS = 10_000;

export interface Stoppable {
  /** End calls, sign agents out, close listeners; waits for phones at most `withinMs`. */
  drain(withinMs: number): Promise<{ agentsSignedOut: number; unanswered: number }>;
}

/**
 * SIGINT or SIGTERM: drain (agents signed out, every call leg ended with BYE
 * or CANCEL, media stopped), close the listeners and exit, within
 * `withinMs` whatever happens. A second signal exits at once (130).
 * Resolves with the exit code once stopped.
 */
export function stopOnSignal(
  target: Stoppable,
  o: { name: string; withinMs?: number; after?: () => Promise<void> },
): Promise<number> {
  const withinMs = o.withinMs ?? STOP_WITHIN_MS;
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        process.stderr.write(`${o.name}: ${signal} again, exiting now\n`);
        process.exit(130);
      }
      stopping = true;
      process.stdout.write(`\n${o.name}: stopping (${signal}): ending calls, signing agents out\n`);
      setTimeout(() => {
        process.stderr.write(`${o.name}: not stopped within ${withinMs / 1000} s, exiting anyway\n`);
        process.exit(1);
      }, withinMs).unref();
      const done = (code: number) => {
        resolve(code);
        // Stopped: a handle a library left open (a media socket) must not keep the process alive.
        setTimeout(() => process.exit(code), 500).unref();
      };
      target
        .drain(withinMs / 2)
        .then(async ({ agentsSignedOut, unanswered }) => {
          await o.after?.();
          const late = unanswered ? `, ${unanswered} call legs did not answer their BYE/CANCEL` : '';
          process.stdout.write(`${o.name}: stopped (${agentsSignedOut} agents signed out${late})\n`);
          done(0);
        })
        .catch((err: unknown) => {
          process.stderr.write(
            `${o.name}: stopping failed: ${err instanceof Error ? err.message : String(err)}\n`,
          );
          done(1);
        });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
