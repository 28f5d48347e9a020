/**
 * The OpenEye stand-in on its own: it calls the simulated customers by
 * number, hears the echo customer and is heard by it, meets a busy line
 * (486), and holds and resumes: the customer takes the phone's re-INVITE (no
 * longer 488) and is heard again after the resume.
 */
import { legAudio } from '../../actors/customer.ts';
import { PhoneBank } from '../../actors/phone-bank.ts';
import { waitFor } from '../../actors/wait-for.ts';
import { test } from '../../fixtures.ts';
import { expect } from '../../matchers.ts';

test.use({ stackOptions: { agents: 1 } });

test('calls customers by number: audio both ways with the echo, 486 from the busy line, its own hold and resume', async ({
  browser,
  softphoneServer,
  deployment,
  cec,
}) => {
  const bank = await PhoneBank.open(browser, softphoneServer, deployment, deployment.users);
  try {
    const phone = bank.phones[0]!;
    expect(await phone.register()).toEqual({ ok: true });

    await phone.call('5550101');
    const answered = await waitFor(
      () => phone.callState(),
      (s) => (s === 'talking' ? 'pass' : 'wait'),
      { timeout: 5000 },
    );
    expect(answered.outcome).toBe('pass');
    const leg = async () => (await cec.legs()).find((l) => l.state === 'answered');
    await expect({ phone, customer: { audio: async () => legAudio(await leg()) } }).toHaveAudioBothWays();
    expect(await phone.hold(true)).toEqual({ ok: true });
    expect(await phone.hold(false)).toEqual({ ok: true });
    await expect({ phone, customer: { audio: async () => legAudio(await leg()) } }).toHaveAudioBothWays();
    await phone.hangup();

    await phone.call('5550102');
    const ended = await waitFor(
      () => phone.rejection(),
      (r) => (r === undefined ? 'wait' : 'pass'),
      { timeout: 5000 },
    );
    expect(ended.value).toMatchObject({ status: 486 });
    expect(await phone.callState()).toBe('idle');
  } finally {
    await bank.close();
  }
});
