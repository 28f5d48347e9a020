/**
 * Matchers for Playwright's `expect` that fail fast and say why, never after
 * a long silent wait:
 *
 *   await expect(phone).toHaveAudioBothWays();          // a Phone, a CustomerCall, or {phone, customer}
 *   await expect(agent).toReachState('Ready');          // an AgentDesk: the bar's status line
 *   await expect(cec.journalSince(seq)).toContainSequence([{ kind: 'sip', firstLine: /^INVITE/ }]);
 *
 * Each looks again until its condition holds, a decided outcome makes it
 * fail at once (a failed bar load, one-way audio), or its short timeout (5 s,
 * `{timeout}`) runs out; the message names what is missing and what was seen.
 */
import { expect as base } from '@playwright/test';
import type { JournalEntry } from '../mock-cec/infrastructure/journal/journal.ts';
import type { AgentDesk } from './actors/agent-desk.ts';
import type { AudioReading } from './actors/audio-verdict.ts';
import { watchAudio } from './actors/audio-watch.ts';
import type { JournalSource } from './actors/cec.ts';
import type { AudioFigures } from './actors/phone.ts';
import { waitFor } from './actors/wait-for.ts';
import type { EntryPattern } from './journal/entry-pattern.ts';
import { findSequence, type SequenceResult } from './journal/sequence.ts';

/** Anything with audio figures: a Phone, a CustomerCall, or a leg read some other way. */
export interface Audible {
  readonly label: string;
  audio(): Promise<AudioFigures>;
}

/** One side of a call, or the phone with the customer's side (the strongest proof). */
export type AudioSubject = Audible | { phone: Audible; customer?: Pick<Audible, 'audio'> };

const DEFAULT_TIMEOUT = 5000;

export const expect = base.extend({
  async toHaveAudioBothWays(received: AudioSubject, o: { timeout?: number } = {}) {
    const watch = await watchAudio(readingOf(received), 'both', { timeout: o.timeout ?? DEFAULT_TIMEOUT });
    return {
      pass: watch.ok,
      name: 'toHaveAudioBothWays',
      message: () =>
        this.isNot
          ? `expected ${labelOf(received)} not to have audio both ways, but it does (${watch.seen})`
          : `expected ${labelOf(received)} to have audio both ways; ${watch.seen}`,
    };
  },

  async toReachState(received: AgentDesk, state: string, o: { timeout?: number } = {}) {
    const timeout = o.timeout ?? DEFAULT_TIMEOUT;
    const result = await waitFor(
      async () => ({ state: await received.state(), bar: await barProblem(received) }),
      (v) => (v.state === state ? 'pass' : v.bar ? 'fail' : 'wait'),
      { timeout },
    );
    const { value } = result;
    const pass = value.state === state;
    const events = (await received.events().catch(() => [])).slice(-5).map((e) => e.eventType);
    const why = value.bar
      ? `the bar did not load: ${value.bar}`
      : `after ${result.ms} ms it shows ${value.state ?? 'no bar'} (${await received.describe()}); last events the page heard: ${events.join(', ') || 'none'}`;
    return {
      pass,
      name: 'toReachState',
      message: () =>
        this.isNot
          ? `expected ${received.label} not to reach ${state}, but it did`
          : `expected ${received.label} to reach ${state}; ${why}`,
    };
  },

  async toContainSequence(
    received: readonly JournalEntry[] | JournalSource,
    patterns: readonly EntryPattern[],
    o: { timeout?: number; sinceSeq?: number } = {},
  ) {
    const live = !Array.isArray(received);
    const look = async () =>
      findSequence(
        live ? await (received as JournalSource).entries() : (received as JournalEntry[]),
        patterns,
        {
          sinceSeq: o.sinceSeq,
        },
      );
    // A live journal is read again until the sequence is there (or, negated, for the whole timeout).
    const result = live
      ? await waitFor(look, (r: SequenceResult) => (r.ok !== this.isNot ? 'pass' : 'wait'), {
          timeout: o.timeout ?? 3000,
          interval: 100,
        })
      : { value: await look() };
    const found = result.value;
    return {
      pass: found.ok,
      name: 'toContainSequence',
      message: () =>
        found.ok
          ? `expected the journal not to contain the sequence, but it does at seq ${found.matched.map((e) => e.seq).join(', ')}`
          : found.message,
    };
  },
});

function readingOf(subject: AudioSubject): () => Promise<AudioReading> {
  if (!('label' in subject)) {
    const { phone, customer } = subject;
    return async () => ({
      phone: await phone.audio(),
      customer: customer ? await customer.audio() : undefined,
    });
  }
  return async () => ({ phone: await subject.audio() });
}

function labelOf(subject: AudioSubject): string {
  if ('label' in subject) return subject.label;
  return subject.phone.label;
}

/** Why the bar is not there, when the page has said so; undefined while it loads or once loaded. */
async function barProblem(agent: AgentDesk): Promise<string | undefined> {
  const text = await agent.barStatusText().catch(() => '');
  const { barText } = agent.profile;
  return barText.refused.test(text) || barText.failed.test(text) || barText.unreachable.test(text)
    ? text
    : undefined;
}
