import { fail, pass, type StepHandler } from '../step-handler.ts';

/** What an agent's phone does on its own: register, hold, lose its connection. */

export const register: StepHandler<'register'> = async ({ agent, password, result, status }, { world }) => {
  const phone = world.openeye(agent);
  const outcome = await phone.register({ password });
  const got = outcome.ok ? 'registered' : `refused (${outcome.reason})`;
  if ((outcome.ok ? 'registered' : 'refused') !== result)
    return fail(`${phone.label}: expected ${result}, got ${got}`);
  if (status !== undefined && (outcome.ok || outcome.status !== status))
    return fail(`${phone.label}: expected a refusal with ${status}, got ${got}`);
  return pass(got);
};

export const hold: StepHandler<'hold'> = async ({ agent, on, result, status }, { world }) => {
  const phone = world.openeye(agent);
  const outcome = await phone.hold(on);
  const got = outcome.ok ? 'accepted' : `refused (${outcome.reason})`;
  if ((outcome.ok ? 'ok' : 'refused') !== result)
    return fail(`${phone.label}: hold ${on ? 'on' : 'off'}: expected ${result}, got ${got}`);
  if (status !== undefined && (outcome.ok || outcome.status !== status))
    return fail(`${phone.label}: expected a refusal with ${status}, got ${got}`);
  return pass(got);
};

export const dropConnection: StepHandler<'dropConnection'> = async ({ agent }, { world }) => {
  const phone = world.phone(agent);
  return (await phone.dropConnection()) ? pass() : fail(`${phone.label} has no open SIP connection to drop`);
};
