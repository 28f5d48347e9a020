import { fail, pass, type StepHandler } from '../step-handler.ts';

/** What an agent does at the integration's page and in the bar. */

export const login: StepHandler<'login'> = async ({ agent, password, result, times }, { world, timeout }) => {
  const desk = await world.desk(agent);
  for (let attempt = 1; attempt <= times; attempt++) {
    const outcome = await desk.login(password, { timeout });
    if (outcome.kind !== result) {
      const said = outcome.kind === 'ok' ? 'let the user in' : `said ${outcome.kind}: "${outcome.message}"`;
      return fail(`${desk.label}: attempt ${attempt} of ${times}: expected ${result}, but the page ${said}`);
    }
  }
  // The step ends once the bar has loaded (or said why not): its frame and assets are then in the
  // journal whatever the next step does, so a run and its replay journal the same requests.
  if (result === 'ok') await desk.barLoad({ timeout });
  return pass(times > 1 ? `${times} × ${result}` : result);
};

export const signIn: StepHandler<'signIn'> = async ({ agent, skills }, { world, timeout }) => {
  await (await world.desk(agent)).signIn({ timeout, skills });
  return pass(skills ? `skills ${skills.join(';')}` : undefined);
};

export const work: StepHandler<'work'> = async ({ agent }, { world, timeout }) => {
  await world.openedDesk(agent).work({ timeout });
  return pass();
};

export const signOut: StepHandler<'signOut'> = async ({ agent }, { world, timeout }) => {
  await world.openedDesk(agent).signOut({ timeout });
  return pass();
};

export const ready: StepHandler<'ready'> = async ({ agent }, { world, timeout }) => {
  await world.openedDesk(agent).ready({ timeout });
  return pass();
};

export const busy: StepHandler<'busy'> = async ({ agent, reason }, { world, timeout }) => {
  await world.openedDesk(agent).busy(reason, { timeout });
  return pass();
};

export const rest: StepHandler<'rest'> = async ({ agent }, { world, timeout }) => {
  await world.openedDesk(agent).rest({ timeout });
  return pass();
};

export const answer: StepHandler<'answer'> = async ({ agent, on }, { world, timeout }) => {
  if (on === 'phone') await world.phone(agent).answer({ timeout });
  else await world.openedDesk(agent).answer({ timeout });
  return pass();
};

export const hangup: StepHandler<'hangup'> = async (args, { world, timeout }) => {
  if ('customer' in args) {
    const call = world.customer(args.customer).last;
    if (!call) return fail(`customer ${args.customer} has placed no call to hang up`);
    await call.hangup();
    return pass(call.id);
  }
  if (args.on === 'phone') await world.phone(args.agent).hangup({ timeout });
  else await world.openedDesk(args.agent).hangup({ timeout });
  return pass();
};

export const holdCall: StepHandler<'holdCall'> = async ({ agent, on }, { world, timeout }) => {
  await world.openedDesk(agent).holdCall(on, { timeout });
  return pass(on ? 'Hold' : 'Take Back');
};

export const mute: StepHandler<'mute'> = async ({ agent, on }, { world, timeout }) => {
  await world.openedDesk(agent).mute(on, { timeout });
  return pass(on ? 'Mute' : 'Unmute');
};

export const callOut: StepHandler<'callOut'> = async ({ agent, number }, { world, timeout }) => {
  await world.openedDesk(agent).callOut(number, { timeout });
  return pass();
};

export const transfer: StepHandler<'transfer'> = async ({ agent, to, mode }, { world, timeout }) => {
  const [devicetype, address, what] =
    'agent' in to
      ? ([2, String(world.user(to.agent).workNo), 'agent'] as const)
      : 'queue' in to
        ? ([1, String(to.queue), 'queue'] as const)
        : 'ivr' in to
          ? ([3, to.ivr, 'IVR flow'] as const)
          : 'accessCode' in to
            ? ([4, to.accessCode, 'access code'] as const)
            : ([5, to.number, 'number'] as const);
  // A refusal shows as the bar's notice with the vendor's retcode: expectMessage checks it.
  await world.openedDesk(agent).transfer(devicetype, address, mode, { timeout });
  return pass(`${mode} to ${what} ${address}`);
};

export const disconnect: StepHandler<'disconnect'> = async ({ agent, release }, { world, timeout }) => {
  const number = 'agent' in release ? String(world.user(release.agent).workNo) : release.number;
  // A refusal shows as the bar's notice with the vendor's retcode: expectMessage checks it.
  await world.openedDesk(agent).disconnect(number, { timeout });
  return pass(`released ${number}`);
};

export const callInner: StepHandler<'callInner'> = async ({ agent, to }, { world, timeout }) => {
  const desk = world.openedDesk(agent);
  if ('agent' in to) await desk.callInner('agent', String(world.user(to.agent).workNo), { timeout });
  else await desk.callInner('skill', String(to.queue), { timeout });
  return pass();
};

export const consult: StepHandler<'consult'> = async ({ agent, helper }, { world, timeout }) => {
  const workNo = world.user(helper).workNo;
  await world.openedDesk(agent).consult(workNo, { timeout });
  return pass(`agent ${workNo}`);
};

export const threeParty: StepHandler<'threeParty'> = async ({ agent }, { world, timeout }) => {
  await world.openedDesk(agent).threeParty({ timeout });
  return pass();
};

export const consultTransfer: StepHandler<'consultTransfer'> = async ({ agent }, { world, timeout }) => {
  await world.openedDesk(agent).consultTransfer({ timeout });
  return pass();
};

export const cancelConsult: StepHandler<'cancelConsult'> = async ({ agent }, { world, timeout }) => {
  await world.openedDesk(agent).cancelConsult({ timeout });
  return pass();
};

export const stopRecording: StepHandler<'stopRecording'> = async ({ agent }, { world, timeout }) => {
  await world.openedDesk(agent).stopRecording({ timeout });
  return pass();
};
