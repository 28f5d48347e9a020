import { waitFor } from '../../actors/wait-for.ts';
import { fail, pass, type StepHandler } from '../step-handler.ts';

/** What an agent's phone does on its own: register, dial, hold, lose its connection. */

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

/** The OpenEye phone dials a number and the call comes to an end state: answered (talking) or refused. */
export const dial: StepHandler<'dial'> = async ({ agent, number, result, status }, { world, timeout }) => {
  const phone = world.openeye(agent);
  await phone.call(number);
  const outcome = await waitFor(
    async () => ({ call: await phone.callState(), rejection: await phone.rejection() }),
    (s) => (s.call === 'talking' || s.rejection ? 'pass' : 'wait'),
    { timeout },
  );
  const { call, rejection } = outcome.value;
  const got =
    outcome.outcome !== 'pass'
      ? `still ${call} after ${timeout} ms`
      : rejection
        ? `refused (${rejection.status} ${rejection.reason})`
        : 'answered';
  if ((call === 'talking' ? 'answered' : rejection ? 'refused' : undefined) !== result)
    return fail(`${phone.label}: calling ${number}: expected ${result}, got ${got}`);
  if (status !== undefined && rejection?.status !== status)
    return fail(`${phone.label}: calling ${number}: expected a refusal with ${status}, got ${got}`);
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

export const pressKeys: StepHandler<'pressKeys'> = async ({ agent, keys, via }, { world }) => {
  const phone = world.openeye(agent);
  const outcome = await phone.sendDtmf(keys, via);
  return outcome.ok ? pass(`${keys} by ${via}`) : fail(`${phone.label}: pressing ${keys}: ${outcome.reason}`);
};

export const dropConnection: StepHandler<'dropConnection'> = async ({ agent }, { world }) => {
  const phone = world.phone(agent);
  return (await phone.dropConnection()) ? pass() : fail(`${phone.label} has no open SIP connection to drop`);
};
