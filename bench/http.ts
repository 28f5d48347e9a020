/**
 * HTTP figures: TokenByAkSk and QueryAgentInfo throughput and latency with
 * autocannon at 10 and 50 connections, side by side in one run with
 *   (a) Stoplight Prism serving static examples, logging off (its fastest setting), and
 *   (b) a bare node:http server with the same token logic (this machine's ceiling);
 * plus cold start (spawn to first answer) of each. mock-cec runs as users run
 * it: the CLI bundle, journal on, plain HTTP (TLS would tax every peer alike).
 * The figures are drawn in reports/bench/http.svg. `--short` runs 2 s a step
 * instead of 8 (BENCH_SECONDS sets it too): enough to fill mock-cec's journal
 * for a look at its memory, not for throughput figures.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { stringify } from 'yaml';
import { seedTenant } from '../mock-cec/infrastructure/config/seed-tenant.ts';
import { type LoadResult, load } from './lib/load.ts';
import { installPeer } from './lib/peer-install.ts';
import { answers, freePort, type Spawned, spawnServer } from './lib/processes.ts';
import { writeReport } from './lib/report-file.ts';
import { barChart, stackCharts } from './lib/svg-chart.ts';
import { fmt, table } from './lib/table.ts';
import { prismOpenApi } from './peers/prism-openapi.ts';

const durationSec = (options: readonly string[]) =>
  options.includes('--short') ? 2 : Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = [10, 50] as const;
const SEED = 1;

interface Target {
  name: string;
  start(port: number): Promise<Spawned>;
}

export type Figures = Record<
  string,
  {
    cold: number;
    /** RSS after the runs, MB. */
    rss: number;
    /** RSS once started, before any load, MB: what the runs added is `rss` less this. */
    rssIdle?: number;
    runs: Record<string, LoadResult>;
  }
>;

export async function runHttpBench(options: readonly string[] = []): Promise<Figures> {
  const DURATION_SEC = durationSec(options);
  const tenant = seedTenant(SEED);
  mkdirSync('.bench', { recursive: true });
  writeFileSync('.bench/tenant.json', JSON.stringify(tenant));
  writeFileSync('.bench/prism-openapi.yaml', stringify(prismOpenApi(tenant)));
  const prism = installPeer('@stoplight/prism-cli@5', 'prism');

  const targets: Target[] = [
    {
      name: 'mock-cec',
      start: (port) =>
        spawnServer(
          'node',
          [
            'bin/mock-cec.js',
            'start',
            '--no-tls',
            '--no-sip',
            '--quiet',
            '--seed',
            String(SEED),
            '--port',
            String(port),
          ],
          () => answers(`http://127.0.0.1:${port}/__mock/health`),
        ),
    },
    ...(prism
      ? [
          {
            name: 'Prism (static)',
            start: (port: number) =>
              spawnServer(
                prism,
                ['mock', '.bench/prism-openapi.yaml', '-p', String(port), '-v', 'silent'],
                () => answers(`http://127.0.0.1:${port}/__mock/health`),
              ),
          },
        ]
      : []),
    {
      name: 'bare node:http',
      start: (port) =>
        spawnServer('node', ['bench/peers/bare-cec.mjs', String(port), '.bench/tenant.json'], () =>
          answers(`http://127.0.0.1:${port}/__mock/health`),
        ),
    },
  ];

  const figures: Figures = {};
  for (const target of targets) {
    const port = await freePort();
    process.stdout.write(`bench: ${target.name} …`);
    const server = await target.start(port);
    const rssIdle = server.rssMb();
    const base = `http://127.0.0.1:${port}`;
    const tokenRequest = {
      url: `${base}/apigovernance/api/oauth/tokenByAkSk`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json', 'x-token-expire': '3600' },
      body: JSON.stringify({ app_key: tenant.app.appKey, app_secret: tenant.app.appSecret }),
    };
    // A fresh token before each QueryAgentInfo run: the token runs issue more than the 10,000 kept.
    const agentsRequest = async () => {
      const tokenRes = await fetch(tokenRequest.url, {
        method: 'POST',
        headers: tokenRequest.headers,
        body: tokenRequest.body,
      });
      const token = ((await tokenRes.json()) as { AccessToken: string }).AccessToken;
      return {
        url: `${base}/apiaccess/CC-Management/v1/queryAgentInfo`,
        method: 'GET' as const,
        headers: { authorization: `Bearer ${token}`, 'x-app-key': tenant.app.appKey },
      };
    };
    // Warm up the JIT before measuring.
    await load({ ...tokenRequest, connections: 10, durationSec: 1 });
    await load({ ...(await agentsRequest()), connections: 10, durationSec: 1 });
    const runs: Record<string, LoadResult> = {};
    for (const c of CONNECTIONS) {
      runs[`TokenByAkSk c${c}`] = await load({
        ...tokenRequest,
        connections: c,
        durationSec: DURATION_SEC,
        serverCpu: server.cpuMicros,
      });
      process.stdout.write('.');
      runs[`QueryAgentInfo c${c}`] = await load({
        ...(await agentsRequest()),
        connections: c,
        durationSec: DURATION_SEC,
      });
      process.stdout.write('.');
    }
    figures[target.name] = { cold: server.coldStartMs, rss: server.rssMb(), rssIdle, runs };
    await server.stop();
    process.stdout.write(' done\n');
  }
  printHttp(figures, DURATION_SEC);
  writeReport('http.json', JSON.stringify(figures));
  writeReport('http.svg', httpChart(figures));
  return figures;
}

/** Requests/s and p99 latency per peer, one group of bars per run. */
export function httpChart(figures: Figures): string {
  const names = Object.keys(figures);
  const runs = Object.keys(figures[names[0]!]?.runs ?? {});
  const bars = (title: string, yLabel: string, value: (r: LoadResult) => number) =>
    barChart({
      title,
      yLabel,
      categories: runs,
      series: names.map((n) => ({ name: n, values: runs.map((run) => value(figures[n]!.runs[run]!)) })),
    });
  return stackCharts(
    [
      bars('HTTP: requests per second (higher is better)', 'requests/s', (r) => r.rps),
      bars('HTTP: latency p99 (lower is better)', 'ms', (r) => r.p99),
    ],
    'HTTP: mock-cec against its peers',
  );
}

function printHttp(figures: Figures, seconds: number): void {
  const names = Object.keys(figures);
  const mock = figures['mock-cec']!;
  const prism = figures['Prism (static)'];
  const bare = figures['bare node:http']!;
  const rows: (string | number)[][] = [];
  for (const run of Object.keys(mock.runs)) {
    const row: (string | number)[] = [run];
    for (const n of names) {
      const r = figures[n]!.runs[run]!;
      row.push(
        `${fmt(r.rps)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms${r.errors + r.non2xx > 0 ? `  (${r.errors} err, ${r.non2xx} non-2xx)` : ''}`,
      );
    }
    const m = mock.runs[run]!.rps;
    row.push(prism ? `${fmt(m / prism.runs[run]!.rps, 1)}×` : '–', `${fmt(m / bare.runs[run]!.rps, 2)}×`);
    rows.push(row);
  }
  rows.push([
    'cold start (spawn → first answer)',
    ...names.map((n) => `${fmt(figures[n]!.cold)} ms`),
    prism ? `${fmt(prism.cold / mock.cold, 1)}× faster` : '–',
    '',
  ]);
  rows.push([
    'memory at start (RSS)',
    ...names.map((n) => `${fmt(figures[n]!.rssIdle ?? Number.NaN)} MB`),
    '',
    '',
  ]);
  rows.push(['memory after load (RSS)', ...names.map((n) => `${fmt(figures[n]!.rss)} MB`), '', '']);
  process.stdout.write(
    `\nHTTP on loopback, autocannon ${seconds} s per run, client and server share the 2 cores, load average ` +
      `${fmt(loadavg()[0]!, 1)}\n`,
  );
  process.stdout.write(`${table(['', ...names, 'mock-cec / Prism', 'mock-cec / bare'], rows)}\n`);
  process.stdout.write(
    'Targets: ≥ 5× Prism, ≥ 0.8× bare, p99 ≤ 2 ms at 10 connections, cold start < 300 ms.\n\n',
  );
}
