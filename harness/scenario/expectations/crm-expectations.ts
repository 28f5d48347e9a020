import { waitFor } from '../../actors/wait-for.ts';
import { textMatches } from '../common-schema.ts';
import { fail, pass, type StepHandler } from '../step-handler.ts';

/** Expectations on what the integration does as a CRM: the customer's card, the call log. */

export const expectCard: StepHandler<'expectCard'> = async ({ agent, shows }, { world, timeout }) => {
  const desk = world.openedDesk(agent);
  const selector = desk.profile.customerCard;
  if (!selector) return fail(`${desk.label}: the desk profile names no customerCard: this desk pops no card`);
  const card = desk.page.locator(selector);
  const found = await waitFor(
    async () =>
      (await card.isVisible().catch(() => false))
        ? // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node
          ((await card.innerText({ timeout: 1000 }).catch(() => '')) ?? '').replace(/\s+/g, ' ').trim()
        : undefined,
    (text) => (text !== undefined && textMatches(text, shows) ? 'pass' : 'wait'),
    { timeout, interval: 100 },
  );
  if (found.outcome === 'pass') return pass(found.value);
  return fail(
    found.value === undefined
      ? `${desk.label}: no customer card popped within ${timeout} ms`
      : `${desk.label}: the customer card shows "${found.value}", not ${shows}`,
  );
};

export const expectCallLog: StepHandler<'expectCallLog'> = async (
  { agent, customer, disposition, minTalkSeconds, name },
  { world, timeout },
) => {
  if (!world.stack)
    return fail("expectCallLog reads the reference integration's database; yours keeps its own");
  const log = world.stack.integration.callLog;
  const user = world.user(agent);
  const number = customer === undefined ? undefined : world.customer(customer).options.from;
  const matches = () =>
    log
      .recent(200)
      .filter(
        (c) =>
          c.accountCode === user.accountCode &&
          c.disposition !== null &&
          (number === undefined || c.number === number),
      );
  // The page reports the call's end after the bar's event: wait for it to land.
  const found = await waitFor(
    async () => matches(),
    (calls) => (calls.length > 0 ? 'pass' : 'wait'),
    { timeout, interval: 100 },
  );
  const call = found.value[0];
  if (!call) {
    return fail(
      `agent ${agent}: no finished call${number ? ` from ${number}` : ''} in the integration's call log within ${timeout} ms`,
    );
  }
  const said = `${call.callid} from ${call.number}${call.customer ? ` (${call.customer})` : ''}: ${call.disposition}, ${call.durationSec} s`;
  if (call.disposition !== disposition) return fail(`the log says ${said}; expected ${disposition}`);
  if (minTalkSeconds !== undefined && (call.durationSec ?? 0) < minTalkSeconds)
    return fail(`the log says ${said}; expected at least ${minTalkSeconds} s of talk`);
  if (name !== undefined && !textMatches(call.customer ?? '', name))
    return fail(`the log says ${said}; expected the customer ${name}`);
  return pass(said);
};
