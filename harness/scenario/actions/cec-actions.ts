import { describeSync } from '../../../integration/accounts/sync-accounts.ts';
import { describeFailure } from '../../../integration/cec-client/cec-failure.ts';
import { textMatches } from '../common-schema.ts';
import { fail, pass, type StepHandler } from '../step-handler.ts';

/** What the customers, the simulator and the integration do. */

export const call: StepHandler<'call'> = async (
  { customer, queue, agent, behaviour, callData },
  { world },
) => {
  const who = world.customer(customer);
  if (agent !== undefined && callData !== undefined)
    return fail('call data travels with a call through the CEC: call a queue, not an agent directly');
  const placed =
    agent === undefined
      ? await who.callQueue({ skillId: queue, behaviour, callData })
      : await who.dial(world.user(agent), { behaviour });
  return pass(placed.id);
};

export const advanceClock: StepHandler<'advanceClock'> = async (ms, { world }) => {
  await world.cec.advanceClock(ms);
  return pass(`+${ms} ms`);
};

export const fault: StepHandler<'fault'> = async (rule, { world }) => {
  return pass((await world.cec.addFault(rule)).id);
};

export const clearFaults: StepHandler<'clearFaults'> = async (_, { world }) => {
  return pass(`${await world.cec.clearFaults()} removed`);
};

export const sync: StepHandler<'sync'> = async ({ result, message }, { world }) => {
  if (!world.stack) return fail('sync is a step of the reference integration; yours syncs as it does');
  const synced = await world.stack.integration.sync();
  const said = synced.ok ? describeSync(synced.value) : describeFailure(synced.failure);
  if ((synced.ok ? 'ok' : 'failed') !== result)
    return fail(
      synced.ok
        ? `expected the sync to fail, but it succeeded: ${said}`
        : `expected the sync to succeed, but it failed: ${said}`,
    );
  if (message !== undefined && !textMatches(said, message))
    return fail(`the integration said "${said}", which does not match ${message}`);
  return pass(said);
};
