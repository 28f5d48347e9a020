import { handlers } from './handlers.ts';
import type { StepContext, StepHandler, StepVerdict } from './step-handler.ts';
import type { Step, StepName } from './step-schema.ts';

/** A step's time budget when the file gives none: fail fast, but let a page load. */
export function timeoutOf(step: Step): number {
  return step.timeout ?? (step.kind === 'login' ? 10_000 : 5000);
}

/**
 * Run one step's handler within its budget. A handler that throws (a page
 * that never showed a button, the control API refusing) fails the step with
 * the first line of the reason; one that overruns its budget by more than a
 * grace period is abandoned, so a run never hangs.
 */
export async function runStep(step: Step, ctx: StepContext): Promise<StepVerdict> {
  const handler = handlers[step.kind] as StepHandler<StepName>;
  const deadline = ctx.timeout + 2000;
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<StepVerdict>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, message: `the step did not finish within ${deadline} ms` }),
      deadline,
    );
  });
  try {
    return await Promise.race([handler(step.args as never, ctx), overrun]);
  } catch (err) {
    return { ok: false, message: reasonOf(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** An error as a reader wants it: our own messages whole, Playwright's without the call log. */
export function reasonOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const text = err.message.replace(/\u001b\[[0-9;]*m/g, '');
  return text.includes('Call log:') ? text.split('\n')[0]!.trim() : text.trim();
}
