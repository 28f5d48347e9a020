import { expect } from '@playwright/test';
import type { AudioStats } from '../../../harness/softphone/browser-softphone.ts';
import type { Softphone } from '../../../harness/softphone/softphone-page.ts';
import { answer } from '../../control/client.ts';
import type { MediaStats } from '../../media/media-engine.ts';
import type { Control } from './sip-e2e-fixtures.ts';

/**
 * How the end-to-end specs prove audio, never assume it (NOTES-platform.md,
 * "Proving that audio flows"): Chromium's own WebRTC stats rising after DTLS
 * is up, and the simulated customer's media counters in the control API.
 */

/** What the control API shows of a customer's call leg (GET /__mock/sip/legs/:callId). */
export interface LegView {
  callId: string;
  direction: 'to-agent' | 'from-agent';
  state: 'calling' | 'ringing' | 'answered' | 'ended';
  endReason?: string;
  endStatus?: number;
  answeredAt?: number;
  endedAt?: number;
  media?: MediaStats;
}

/** The customer's leg of a call, as the control API shows it. */
export async function legOf(control: Control, callId: string): Promise<LegView> {
  return answer(
    () => control.sip.legs[':callId'].$get({ param: { callId } }),
    `GET /__mock/sip/legs/${callId}`,
  );
}

/** Wait until the phone's DTLS is up; the stats at that moment are where rises are measured from. */
export async function connected(phone: Softphone): Promise<AudioStats> {
  await expect.poll(async () => (await phone.stats()).dtlsState).toBe('connected');
  return phone.stats();
}

/** Chromium hears sound: inbound packets and totalAudioEnergy rise after `start` (NOTES-platform.md). */
export async function phoneHears(phone: Softphone, start: AudioStats): Promise<void> {
  await expect
    .poll(async () => (await phone.stats()).packetsReceived)
    .toBeGreaterThan(start.packetsReceived + 25);
  await expect
    .poll(async () => (await phone.stats()).totalAudioEnergy)
    .toBeGreaterThan(start.totalAudioEnergy + 0.01);
}

/** The customer hears the phone's fake microphone: packets and energy counted by its media engine. */
export async function customerHears(control: Control, callId: string): Promise<MediaStats> {
  await expect
    .poll(async () => (await legOf(control, callId)).media?.packetsReceived ?? 0)
    .toBeGreaterThan(25);
  await expect
    .poll(async () => (await legOf(control, callId)).media?.audioEnergyReceived ?? 0)
    .toBeGreaterThan(1);
  return (await legOf(control, callId)).media!;
}
