import { contentProblem } from '../../../mock-cec/domain/agents/event-catalogue.ts';
import { waitFor } from '../../actors/wait-for.ts';
import { textMatches, toMatcher } from '../common-schema.ts';
import { fail, pass, type StepHandler } from '../step-handler.ts';

/** Expectations on what an agent sees: the page's events, its state, its messages, the bar, its phone. */

/**
 * Events the page's callback received, in order, from where the last
 * expectEvent stopped. Every event received must also have the content its
 * type has in the vendor's catalogue (docs/vendor/agent-events.md).
 */
export const expectEvent: StepHandler<'expectEvent'> = async (
  { agent, event, events },
  { world, timeout },
) => {
  const desk = world.openedDesk(agent);
  const wanted = events ?? [event!];
  const cursor = world.eventCursor[agent]!;
  // A new document (reload, login again) has its own events, from the first.
  const from = cursor.document === desk.document ? cursor.index : 0;
  const found = await waitFor(
    async () => {
      const received = await desk.events(from);
      const seen = received.map((e) => e.eventType);
      const problem = received.map((e) => contentProblem(e.eventType, e.content)).find(Boolean);
      return { seen, at: subsequence(seen, wanted), problem };
    },
    (r) => (r.problem ? 'fail' : r.at.length === wanted.length ? 'pass' : 'wait'),
    { timeout },
  );
  const { seen, at, problem } = found.value;
  if (problem)
    return fail(`${desk.label}: the page's callback received an event not in the vendor's shape: ${problem}`);
  if (at.length === wanted.length) {
    world.eventCursor[agent] = { document: desk.document, index: from + at.at(-1)! + 1 };
    return pass();
  }
  const missing = wanted[at.length];
  const after = at.length > 0 ? ` after ${wanted.slice(0, at.length).join(', ')}` : '';
  return fail(
    `${desk.label}: the page's callback did not receive ${missing}${after} within ${timeout} ms; it received ${seen.join(', ') || 'nothing'}${from > 0 ? ` (since event ${from + 1})` : ''}`,
  );
};

/** Where each wanted item is found in order (indexes into `seen`), as far as they go. */
export function subsequence(seen: readonly string[], wanted: readonly string[]): number[] {
  const at: number[] = [];
  let from = 0;
  for (const w of wanted) {
    const i = seen.indexOf(w, from);
    if (i === -1) break;
    at.push(i);
    from = i + 1;
  }
  return at;
}

export const expectState: StepHandler<'expectState'> = async ({ agent, is, on }, { world, timeout }) => {
  const desk = on === 'cec' ? undefined : world.openedDesk(agent);
  const { workNo } = world.user(agent);
  const look = async () =>
    on === 'bar'
      ? await desk!.state()
      : on === 'page'
        ? await desk!.pageState()
        : (await world.cec.agent(workNo))?.state;
  const found = await waitFor(look, (s) => (s === is ? 'pass' : 'wait'), { timeout });
  if (found.outcome === 'pass') return pass();
  const context = desk ? ` (${await desk.describe()})` : '';
  return fail(
    `${world.agentName(agent)} did not reach ${is} on the ${on} within ${timeout} ms: it shows ${found.value ?? 'nothing'}${context}`,
  );
};

export const expectMessage: StepHandler<'expectMessage'> = async (
  { agent, text, where },
  { world, timeout },
) => {
  const desk = world.openedDesk(agent);
  const root = where === 'bar' ? desk.bar.frame.locator('body') : desk.page.locator('body');
  const found = await waitFor(
    // Playwright's innerText: only what is shown (a hidden notice keeps its old text).
    // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node
    async () => ((await root.innerText({ timeout: 1000 }).catch(() => '')) ?? '').replace(/\s+/g, ' ').trim(),
    (body) => (textMatches(body, text) ? 'pass' : 'wait'),
    { timeout, interval: 100 },
  );
  if (found.outcome === 'pass') return pass();
  const shown = found.value.length > 300 ? `${found.value.slice(0, 300)}…` : found.value;
  return fail(
    `${desk.label}: the ${where} did not show ${describeMatcher(text)} within ${timeout} ms; it shows: ${shown}`,
  );
};

function describeMatcher(text: string): string {
  const m = toMatcher(text);
  return typeof m === 'string' ? `"${m}"` : String(m);
}

export const expectBar: StepHandler<'expectBar'> = async ({ agent, is }, { world, timeout }) => {
  const desk = world.openedDesk(agent);
  const load = await desk.barLoad({ timeout }).catch(() => undefined);
  if (load === is) return pass();
  return fail(
    `${desk.label}: expected the bar to be ${is}; the page says: ${(await desk.barStatusText()) || 'nothing yet'}`,
  );
};

export const expectPhone: StepHandler<'expectPhone'> = async (
  { agent, registration, call, for: holdSec },
  { world, timeout },
) => {
  const phone = world.phone(agent);
  const look = async () => ({ registration: await phone.registration(), call: await phone.callState() });
  const fits = (s: Awaited<ReturnType<typeof look>>) =>
    (registration === undefined || s.registration === registration) &&
    (call === undefined || s.call === call);
  const want = [registration, call && `call ${call}`].filter(Boolean).join(', ');
  const found = await waitFor(look, (s) => (fits(s) ? 'pass' : 'wait'), { timeout });
  if (found.outcome !== 'pass')
    return fail(
      `${phone.label}: expected ${want} within ${timeout} ms; it is ${found.value.registration}, call ${found.value.call}`,
    );
  if (holdSec === undefined) return pass();
  // The absence, proved: the phone is looked at until the time is up, and any change fails the step at once.
  const holdMs = Math.round(holdSec * 1000);
  const held = await waitFor(look, (s) => (fits(s) ? 'wait' : 'fail'), { timeout: holdMs, interval: 100 });
  if (held.outcome === 'fail')
    return fail(
      `${phone.label}: was ${want}, then ${held.value.registration}, call ${held.value.call} after ${held.ms} ms (it had to stay so ${holdSec} s)`,
    );
  return pass(`stayed ${want} for ${holdSec} s`);
};
