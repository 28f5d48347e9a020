import type { JournalEntry } from '../../../mock-cec/infrastructure/journal/journal.ts';
import { waitFor } from '../../actors/wait-for.ts';
import { describeEntry } from '../../journal/describe-entry.ts';
import { type EntryPattern, matches } from '../../journal/entry-pattern.ts';
import { findSequence } from '../../journal/sequence.ts';
import { toMatcher } from '../common-schema.ts';
import { fail, pass, type StepContext, type StepHandler, type StepVerdict } from '../step-handler.ts';

/** Expectations on the simulator's journal: read again until the entries are there, or the step's time is up. */

function afterOf(since: 'step' | 'start', { world }: StepContext): number {
  return since === 'start' ? world.startSeq : world.lastActionSeq;
}

function whereOf(since: 'step' | 'start', after: number): string {
  return since === 'start' ? 'since the start' : `since the last action (after seq ${after})`;
}

async function expectSequence(
  patterns: EntryPattern[],
  since: 'step' | 'start',
  ctx: StepContext,
): Promise<StepVerdict> {
  const after = afterOf(since, ctx);
  const found = await waitFor(
    async () => findSequence(await ctx.world.cec.journal({ since: after }), patterns),
    (r) => (r.ok ? 'pass' : 'wait'),
    { timeout: ctx.timeout, interval: 100 },
  );
  const r = found.value;
  if (r.ok) return pass(`seq ${r.matched.map((e) => e.seq).join(', ')}`);
  return fail(`not in the journal ${whereOf(since, after)} within ${ctx.timeout} ms:\n${r.message}`);
}

/**
 * Exactly `count` entries matching `pattern`: waits until there are that many
 * and fails at once when there are more, so it tells a retry storm from the
 * one retry wanted once the action that set them off has finished.
 */
async function expectCount(
  pattern: EntryPattern,
  count: number,
  since: 'step' | 'start',
  ctx: StepContext,
): Promise<StepVerdict> {
  const after = afterOf(since, ctx);
  const found = await waitFor(
    async () => (await ctx.world.cec.journal({ since: after })).filter((e) => matches(e, pattern)),
    (seen) => (seen.length < count ? 'wait' : seen.length === count ? 'pass' : 'fail'),
    { timeout: ctx.timeout, interval: 100 },
  );
  const seen = found.value;
  if (found.outcome === 'pass')
    return pass(count === 0 ? 'none' : `${count} × seq ${seen.map((e) => e.seq).join(', ')}`);
  return fail(
    `expected exactly ${count} matching entr${count === 1 ? 'y' : 'ies'} ${whereOf(since, after)}, found ${seen.length}${listed(seen)}`,
  );
}

function listed(entries: JournalEntry[]): string {
  if (entries.length === 0) return '';
  const shown = entries.slice(0, 8).map((e) => `\n  ${describeEntry(e)}`);
  return `:${shown.join('')}${entries.length > 8 ? `\n  … and ${entries.length - 8} more` : ''}`;
}

function expectOne(
  pattern: EntryPattern,
  count: number | undefined,
  since: 'step' | 'start',
  ctx: StepContext,
) {
  return count === undefined
    ? expectSequence([pattern], since, ctx)
    : expectCount(pattern, count, since, ctx);
}

export const expectJournal: StepHandler<'expectJournal'> = ({ sequence, since }, ctx) =>
  expectSequence(
    sequence.map(
      (p) =>
        Object.fromEntries(
          Object.entries(p).map(([k, v]) => [k, typeof v === 'string' ? toMatcher(v) : v]),
        ) as EntryPattern,
    ),
    since,
    ctx,
  );

export const expectHttp: StepHandler<'expectHttp'> = ({ api, status, code, count, since }, ctx) =>
  expectOne({ kind: 'http', api, status, code }, count, since, ctx);

export const expectSip: StepHandler<'expectSip'> = (
  { response, request, method, agent, direction, count, since },
  ctx,
) => {
  const firstLine =
    response !== undefined ? new RegExp(`^SIP/2\\.0 ${response} `) : new RegExp(`^${request} `);
  const cseq = method === undefined ? undefined : new RegExp(`\\s${method}$`);
  const workNo = agent === undefined ? undefined : ctx.world.user(agent).workNo;
  return expectOne({ kind: 'sip', firstLine, cseq, agent: workNo, direction }, count, since, ctx);
};
