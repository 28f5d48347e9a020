import type { Browser } from '@playwright/test';
import type { PageAssets } from '../../integration/web/page-assets.ts';
import type { JournalEntry } from '../../mock-cec/infrastructure/journal/journal.ts';
import { Cec } from '../actors/cec.ts';
import type { Deployment } from '../actors/deployment.ts';
import { deploymentOf } from '../actors/deployment.ts';
import type { StepMark } from '../journal/step-mark.ts';
import { resetTenant } from '../project/project-deployment.ts';
import type { SoftphoneServer } from '../softphone/softphone-page.ts';
import type { IntegrationHost } from '../stack/integration-host.ts';
import type { SimulatorLink } from '../stack/simulator-link.ts';
import { type Stack, startStack } from '../stack/start-stack.ts';
import { describeStep } from './describe-step.ts';
import type { ScenarioFile } from './parse-scenario.ts';
import { type PhaseTime, PhaseTimes } from './phase-times.ts';
import { END, type EndRecord, START, STEP, type StartRecord } from './record.ts';
import { runLadder } from './run-ladder.ts';
import { reasonOf, runStep, timeoutOf } from './run-step.ts';
import { settle } from './settle.ts';
import { isAction } from './step-schema.ts';
import { closePrepared, prepareActors, ScenarioWorld, showLoginPages } from './world.ts';

export interface RunnerOptions {
  browser: Browser;
  /** The simulator the scenario's tenant is added to, over the wire (a worker's, a CLI run's, or MOCK_CEC_URL's). */
  mockCec?: SimulatorLink;
  /**
   * Your own integration instead of the reference one: the scenario runs on
   * its tenant and users as they are (no stack is started; the scenario's
   * seed, tenant and integration changes do not apply), and reaches the
   * simulator only over the wire.
   */
  deployment?: Deployment;
  softphoneServer: SoftphoneServer;
  /** The integration page's bundle, built once and shared. */
  assets?: PageAssets;
  /** Where the scenario opens its reference integration (one listener for a worker's scenarios); else it starts one. */
  integrationHost?: IntegrationHost;
  onProgress?: (event: ProgressEvent) => void;
  /** Wraps each step, e.g. Playwright's test.step, so the report shows them (`index`: the step's, from 0). */
  wrapStep?: (label: string, body: () => Promise<void>, index: number) => Promise<void>;
}

export interface StepResult {
  index: number;
  label: string;
  status: 'passed' | 'failed' | 'skipped';
  ms: number;
  note?: string;
  error?: string;
}

export interface ScenarioRun {
  name: string;
  file: string;
  seed: number;
  tenant: string | undefined;
  ok: boolean;
  /** Why the run could not start (stack, phones), when it could not. */
  setupError?: string;
  steps: StepResult[];
  /** The run's journal: its tenant's entries, and those of no tenant, from the stack's start to the last step. */
  journal: JournalEntry[];
  marks: StepMark[];
  /** The WAVs of the run's recorded calls (a tenant that records), for QA to listen to in the report. */
  recordings: RecordedWav[];
  ms: { setup: number; steps: number; total: number };
  /** Where the time went, phase by phase on the run's own path (`bench/scenarios.ts --phases`); steps by kind. */
  phases: PhaseTime[];
}

/** One recording of a call, named for the report: `recording-<callId>-<heard|sent>.wav`. */
export interface RecordedWav {
  name: string;
  callId: string;
  way: 'heard' | 'sent';
  wav: Uint8Array;
}

export type ProgressEvent =
  | { type: 'start'; name: string; file: string; seed: number; tenant: string; setupMs: number }
  | { type: 'step'; total: number; result: StepResult }
  | { type: 'end'; run: ScenarioRun };

/**
 * Run a scenario on a fresh tenant and integration of a running simulator:
 * start the stack, open the actors, put the faults in force, then each step
 * in turn, stopping at the first that fails. Every step is marked in the
 * journal (record.ts), so the journal alone replays the run.
 */
export async function runScenario(sf: ScenarioFile, o: RunnerOptions): Promise<ScenarioRun> {
  if (o.deployment) return runOnDeployment(sf, o, o.deployment);
  if (!o.mockCec) throw new Error('runScenario: give mockCec (the reference integration) or a deployment');
  const mockCec = o.mockCec;
  const { scenario, source } = sf;
  const started = performance.now();
  const phases = new PhaseTimes();
  const probe = new Cec({ url: mockCec.url, ca: mockCec.ca, tenant: '' });
  const since = await probe.lastSeq().finally(() => probe.close());
  phases.lap('journal position');
  const sourceSteps = (source.steps ?? []) as Record<string, unknown>[];
  const labels = scenario.steps.map((s, i) => describeStep(s, sourceSteps[i]?.[s.kind]));
  const results: StepResult[] = [];
  const marks: StepMark[] = [];
  let stack: Stack | undefined;
  let world: ScenarioWorld | undefined;
  let setupError: string | undefined;
  let setupMs = 0;

  const { agents: _, ...tenantPatch } = scenario.tenant ?? {};
  // The agents' pages and phones' pages are made while the stack starts: neither waits for the other.
  const prepared = prepareActors(scenario, o.browser, o.softphoneServer);
  prepared.catch(() => undefined); // awaited below; a failure there is reported as the setup's
  try {
    stack = await startStack({
      seed: scenario.seed,
      agents: scenario.tenant?.agents ?? scenario.actors.agents.length,
      tenant: tenantPatch,
      integration: scenario.integration,
      // A misconfigured integration or a fault may be the point: the run starts, and the steps tell.
      requireSync: scenario.integration === undefined && scenario.faults.length === 0,
      scryptLog2N: 10,
      shared: o.mockCec,
      assets: o.assets,
      integrationHost: o.integrationHost,
      onPhase: (phase) => phases.lap(phase),
      // The run's record and its faults come first, so the start-up itself meets the faults.
      beforeSync: async (tenant, integration) => {
        // Not awaited: the login pages open while the integration syncs.
        void prepared.then(
          (p) => showLoginPages(scenario, p, integration.url),
          () => undefined,
        );
        const cec = new Cec({ url: mockCec.url, ca: mockCec.ca, tenant: tenant.id });
        try {
          const start: StartRecord = {
            name: scenario.name,
            seed: scenario.seed,
            tenant: tenant.id,
            file: sf.file,
            scenario: source,
          };
          await cec.mark(START, JSON.stringify(start));
          for (const rule of scenario.faults) await cec.addFault(rule);
        } finally {
          await cec.close();
        }
      },
    });
    const p = await prepared;
    phases.lap('browser contexts (waited for)');
    world = await ScenarioWorld.open(scenario, deploymentOf(stack), stack, {
      browser: o.browser,
      startSeq: since,
      prepared: p,
    });
    phases.lap('phones');
  } catch (err) {
    setupError = reasonOf(err);
    if (!world) await prepared.then(closePrepared, () => undefined);
  }
  setupMs = Math.round(performance.now() - started);
  if (world && stack) {
    o.onProgress?.({
      type: 'start',
      name: scenario.name,
      file: sf.file,
      seed: scenario.seed,
      tenant: stack.tenant.id,
      setupMs,
    });
  }

  const stepsStarted = performance.now();
  phases.skip();
  await runSteps(sf, labels, world && !setupError ? world : undefined, o, results, marks, phases);
  const stepsMs = Math.round(performance.now() - stepsStarted);

  const failed = results.find((r) => r.status === 'failed');
  const ok = !setupError && !failed;
  let journal: JournalEntry[] = [];
  let recordings: RecordedWav[] = [];
  if (stack) {
    // Even a run that could not start keeps its journal: it says why (a refused REGISTER, a failed sync).
    const end: EndRecord = { ok, failed: failed?.index, error: failed?.error ?? setupError };
    await world?.cec.mark(END, JSON.stringify(end)).catch(() => undefined);
    const cec = world?.cec ?? new Cec({ url: mockCec.url, ca: mockCec.ca, tenant: stack.tenant.id });
    // Let what the last step set off land (a 200 to a BYE, a poll's answer) before the journal is cut.
    journal = await settle(cec.journalSince(since)).catch(() => []);
    phases.lap('teardown: journal settles');
    if (scenario.tenant?.recording?.enabled) recordings = await recordedWavs(cec).catch(() => []);
    if (!world) await cec.close();
  }
  await world?.close();
  phases.lap('teardown: actors close');
  await stack?.stop();
  phases.lap('teardown: stack stops');
  const run: ScenarioRun = {
    name: scenario.name,
    file: sf.file,
    seed: scenario.seed,
    tenant: stack?.tenant.id,
    ok,
    setupError,
    steps: results,
    journal,
    marks,
    recordings,
    ms: { setup: setupMs, steps: stepsMs, total: Math.round(performance.now() - started) },
    phases: phases.list(),
  };
  o.onProgress?.({ type: 'end', run });
  return run;
}

/**
 * A scenario on your own integration (RunnerOptions.deployment): its tenant
 * and users as they are, the simulator reached only through its control API;
 * the journal is the tenant's from the run's first mark to its last.
 */
async function runOnDeployment(
  sf: ScenarioFile,
  o: RunnerOptions,
  deployment: Deployment,
): Promise<ScenarioRun> {
  const { scenario, source } = sf;
  const started = performance.now();
  const labels = labelsOf(sf);
  const results: StepResult[] = [];
  const marks: StepMark[] = [];
  const tenant = deployment.cec.tenant;
  const cec = new Cec({ url: deployment.cec.url, ca: deployment.cec.ca, tenant });
  let world: ScenarioWorld | undefined;
  let setupError: string | undefined;
  let since = 0;
  const prepared = prepareActors(scenario, o.browser, o.softphoneServer);
  prepared.catch(() => undefined);
  try {
    await resetTenant(deployment);
    since = await cec.lastSeq();
    const start: StartRecord = {
      name: scenario.name,
      seed: scenario.seed,
      tenant,
      file: sf.file,
      scenario: source,
    };
    await cec.mark(START, JSON.stringify(start));
    for (const rule of scenario.faults) await cec.addFault(rule);
    const p = await prepared;
    // With your desk's profile: the reference one's login path and fields are not yours.
    showLoginPages(scenario, p, deployment.integration.url, deployment.integration.profile);
    world = await ScenarioWorld.open(scenario, deployment, undefined, {
      browser: o.browser,
      startSeq: since,
      prepared: p,
    });
  } catch (err) {
    setupError = reasonOf(err);
    if (!world) await prepared.then(closePrepared, () => undefined);
  }
  const setupMs = Math.round(performance.now() - started);
  if (world)
    o.onProgress?.({
      type: 'start',
      name: scenario.name,
      file: sf.file,
      seed: scenario.seed,
      tenant,
      setupMs,
    });
  const stepsStarted = performance.now();
  await runSteps(sf, labels, world && !setupError ? world : undefined, o, results, marks);
  const stepsMs = Math.round(performance.now() - stepsStarted);

  const failed = results.find((r) => r.status === 'failed');
  const ok = !setupError && !failed;
  const end: EndRecord = { ok, failed: failed?.index, error: failed?.error ?? setupError };
  await cec.mark(END, JSON.stringify(end)).catch(() => undefined);
  // The scenario's faults are its own: the tenant outlives the run.
  if (scenario.faults.length > 0 || scenario.steps.some((s) => s.kind === 'fault'))
    await cec.clearFaults().catch(() => undefined);
  const journal = await settle(cec.journalSince(since)).catch(() => []);
  await world?.close();
  await cec.close();
  const run: ScenarioRun = {
    name: scenario.name,
    file: sf.file,
    seed: scenario.seed,
    tenant,
    ok,
    setupError,
    steps: results,
    journal,
    marks,
    // Your deployment's recordings are its tenant's, not the run's to fetch.
    recordings: [],
    ms: { setup: setupMs, steps: stepsMs, total: Math.round(performance.now() - started) },
    phases: [],
  };
  o.onProgress?.({ type: 'end', run });
  return run;
}

function labelsOf(sf: ScenarioFile): string[] {
  const sourceSteps = (sf.source.steps ?? []) as Record<string, unknown>[];
  return sf.scenario.steps.map((s, i) => describeStep(s, sourceSteps[i]?.[s.kind]));
}

/** Each step in turn, stopping at the first that fails (the rest are skipped); a missing world skips them all. */
async function runSteps(
  sf: ScenarioFile,
  labels: readonly string[],
  world: ScenarioWorld | undefined,
  o: RunnerOptions,
  results: StepResult[],
  marks: StepMark[],
  phases?: PhaseTimes,
): Promise<void> {
  const { scenario, source } = sf;
  const sourceSteps = (source.steps ?? []) as Record<string, unknown>[];
  for (const [index, step] of scenario.steps.entries()) {
    const label = labels[index]!;
    if (!world || results.some((r) => r.status === 'failed')) {
      results.push({ index, label, status: 'skipped', ms: 0 });
      continue;
    }
    const w = world;
    const run = async () => {
      const seq = await w.cec.mark(STEP, JSON.stringify({ index, step: sourceSteps[index] ?? {} }));
      if (isAction(step)) w.lastActionSeq = seq;
      const t = performance.now();
      const verdict = await runStep(step, { world: w, timeout: timeoutOf(step) });
      const result: StepResult = {
        index,
        label,
        status: verdict.ok ? 'passed' : 'failed',
        ms: Math.round(performance.now() - t),
        ...(verdict.ok ? { note: verdict.note } : { error: verdict.message }),
      };
      results.push(result);
      marks.push({ afterSeq: seq - 1, label, ok: verdict.ok, error: result.error });
      o.onProgress?.({ type: 'step', total: scenario.steps.length, result });
      if (!verdict.ok) throw new StepFailed(`step ${index + 1} (${label}): ${verdict.message}`);
    };
    await (o.wrapStep ? o.wrapStep(`${index + 1}. ${label}`, run, index) : run()).catch((err: unknown) => {
      if (!(err instanceof StepFailed)) throw err;
    });
    phases?.lap(`step ${step.kind}`);
  }
}

/** The run's ladder diagram (HTML), failing steps marked; each step's band stands for its scenario.step entry. */
export function ladderOf(run: ScenarioRun): string {
  // Drawn from the journal alone, as `npm run ladder` draws an exported one: the same picture from both.
  const recordings = run.recordings.map((r) => ({
    name: r.name,
    label: `call ${r.callId}: ${r.way === 'heard' ? 'what the customer heard' : 'what the customer sent'}`,
    wav: r.wav,
  }));
  return runLadder(run.journal, { title: run.name, tenant: run.tenant, recordings });
}

/** Thrown inside a wrapped step so the wrapper (test.step) marks it failed; the runner catches it. */
export class StepFailed extends Error {
  override name = 'StepFailed';
}

/** Every recording of the tenant's calls, fetched before the tenant goes (the stack's stop removes it). */
async function recordedWavs(cec: Cec): Promise<RecordedWav[]> {
  const out: RecordedWav[] = [];
  for (const call of await cec.calls()) {
    for (const rec of await cec.recordings(call.id)) {
      const wav = await cec.recordingWav(call.id, rec.id);
      out.push({ name: `recording-${call.id}-${rec.way}.wav`, callId: call.id, way: rec.way, wav });
    }
  }
  return out;
}
