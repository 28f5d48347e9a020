import { waitFor } from '../../actors/wait-for.ts';
import type { EntryPattern } from '../../journal/entry-pattern.ts';
import { findSequence } from '../../journal/sequence.ts';
import { toMatcher } from '../common-schema.ts';
import { fail, pass, type StepContext, type StepHandler, type StepVerdict } from '../step-handler.ts';

/** Expectations on the simulator's journal: read again until the entries are there, or the step's time is up. */

async function expectSequence(
  patterns: EntryPattern[],
  since: 'step' | 'start',
  { world, timeout }: StepContext,
): Promise<StepVerdict> {
  const after = since === 'start' ? world.startSeq : world.lastActionSeq;
  const found = await waitFor(
    async () => findSequence(await world.cec.journal({ since: after }), patterns),
    (r) => (r.ok ? 'pass' : 'wait'),
    { timeout, interval: 100 },
  );
  const r = found.value;
  if (r.ok) return pass(`seq ${r.matched.map((e) => e.seq).join(', ')}`);
  const where = since === 'start' ? 'since the start' : `since the last action (after seq ${after})`;
  return fail(`not in the journal ${where} within ${timeout} ms:\n${r.message}`);
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

export const expectHttp: StepHandler<'expectHttp'> = ({ api, status, code, since }, ctx) =>
  expectSequence([{ kind: 'http', api, status, code }], since, ctx);

export const expectSip: StepHandler<'expectSip'> = (
  { response, request, method, agent, direction, since },
  ctx,
) => {
  const firstLine =
    response !== undefined ? new RegExp(`^SIP/2\\.0 ${response} `) : new RegExp(`^${request} `);
  const cseq = method === undefined ? undefined : new RegExp(`\\s${method}$`);
  const workNo = agent === undefined ? undefined : ctx.world.user(agent).workNo;
  return expectSequence([{ kind: 'sip', firstLine, cseq, agent: workNo, direction }], since, ctx);
};
