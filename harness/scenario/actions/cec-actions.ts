import { describeFailure } from '../../../integration/cec-client/cec-failure.ts';
import { fail, pass, type StepHandler } from '../step-handler.ts';

/** What the customers, the simulator and the integration do. */

export const call: StepHandler<'call'> = async ({ customer, queue, agent, behaviour }, { world }) => {
  const who = world.customer(customer);
  const placed =
    agent === undefined
      ? await who.callQueue({ skillId: queue, behaviour })
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

export const sync: StepHandler<'sync'> = async ({ result }, { world }) => {
  const synced = await world.stack.integration.sync();
  if ((synced.ok ? 'ok' : 'failed') === result)
    return pass(synced.ok ? 'synced' : describeFailure(synced.failure));
  return fail(
    synced.ok
      ? 'expected the sync to fail, but it succeeded'
      : `expected the sync to succeed, but it failed: ${describeFailure(synced.failure)}`,
  );
};
