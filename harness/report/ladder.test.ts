import { describe, expect, it } from 'vitest';
import { testApp, tokenText } from '../../mock-cec/testing/test-app.ts';
import { failingRunJournal, INJECTED } from '../journal/testing/failing-run.ts';
import { inboundCallJournal } from '../journal/testing/inbound-call.ts';
import { JournalBuilder } from '../journal/testing/journal-builder.ts';
import { renderLadder } from './ladder.ts';

const sections = (html: string) => html.split('<section>').length - 1;
const laneTitles = (html: string) => [...html.matchAll(/class="lane-title"[^>]*>([^<]*)</g)].map((m) => m[1]);

describe('renderLadder', () => {
  it('is one self-contained page: inline style and SVG, no script, nothing fetched', () => {
    const { entries, marks } = inboundCallJournal();
    const html = renderLadder(entries, { marks, title: 'Inbound call' });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).toContain('<svg class="ladder"');
    expect(html).not.toMatch(/<script|<link|<img|\bsrc=|url\(/i);
    expect(html).not.toMatch(/href="(?!#)/);
    expect(laneTitles(html)).toEqual([
      'page (bar)',
      'integration',
      'CEC HTTP',
      'CEC SIP',
      'softphone',
      'customer',
    ]);
  });

  it('shows relative time in the gutter and every entry in a hover title', () => {
    const { entries } = inboundCallJournal();
    const html = renderLadder(entries);
    expect(html).toMatch(/<text class="time"[^>]*>\+0<\/text>/);
    expect(html).toMatch(/<text class="time"[^>]*>\+61,560<\/text>/);
    expect(html).toContain('seq 1 · +0 ms · 2026-11-25T12:00:00.000Z');
    expect(html).toContain('id="seq-25"');
  });

  it('keeps markup from the journal as text, in labels, titles and step errors', () => {
    const { entries, marks } = failingRunJournal();
    const html = renderLadder(entries, {
      marks: [...marks, { afterSeq: 3, label: INJECTED, ok: false, error: INJECTED }],
      title: INJECTED,
    });
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    // Quotes are escaped in labels; in hover titles (text, never an attribute) they may stay.
    expect(html).toContain('onerror=&quot;window.__pwned = 2&quot;');
    const onerror = [...html.matchAll(/onerror=/g)];
    expect(onerror.length).toBeGreaterThan(3);
    const escapedTag = '&lt;img src=x ';
    for (const m of onerror) expect(html.slice(m.index - escapedTag.length, m.index)).toBe(escapedTag);
  });

  it('drops control characters that would garble the page', () => {
    const j = new JournalBuilder();
    j.sip('in', 'udp', 'INVITE\u0000\u001b[31m sip:x SIP/2.0');
    expect(renderLadder(j.entries)).toContain('INVITE\ufffd\ufffd[31m sip:x');
  });

  it('draws step marks as bands, lists failing steps at the top with their error, linked', () => {
    const { entries, marks } = failingRunJournal();
    const html = renderLadder(entries, { marks });
    expect(html.match(/class="row step"/g)).toHaveLength(1);
    expect(html.match(/class="row step failed"/g)).toHaveLength(3);
    expect(html).toContain('<a href="#step-2">✗ step 2: the bar loads</a>');
    expect(html).toContain(
      '<pre>expected the bar to load, but ccbarclient.js answered 500\nthridParty validate failed',
    );
    expect(html).toContain('id="step-2"');
    expect(html).toContain('4 steps, 3 failed');
  });

  it('stays small with thousands of entries: runs of empty polls become one row', () => {
    const { entries } = failingRunJournal();
    expect(entries.length).toBeGreaterThan(5000);
    const html = renderLadder(entries);
    expect(html).toContain('×5000 agentevent.poll, no event');
    expect(html.length).toBeLessThan(100_000);
  });

  it('adds the client lane only for a caller it cannot place', () => {
    const j = new JournalBuilder();
    j.http('TokenByAkSk', 'POST', '/t', 200);
    expect(laneTitles(renderLadder(j.entries))).not.toContain('client');
    j.http('mystery', 'GET', '/x', 404);
    expect(laneTitles(renderLadder(j.entries))[0]).toBe('client');
  });

  it('gives each tenant a section of its own, or shows only the one asked for', () => {
    const a = new JournalBuilder(Date.UTC(2026, 0, 1), 't-a');
    a.event('101', 'AgentState_Ready');
    a.add({ kind: 'http', api: 'TokenByAkSk', method: 'POST', path: '/t', status: 401, ms: 1 }, null);
    a.add({ kind: 'event', workNo: '201', eventType: 'AgentState_Busy' }, 't-b');
    const both = renderLadder(a.entries);
    expect(sections(both)).toBe(3);
    expect(both).toContain('Tenant <code>t-a</code>');
    expect(both).toContain('Tenant <code>t-b</code>');
    expect(both).toContain('Entries without a tenant');

    const justB = renderLadder(a.entries, { tenant: 't-b' });
    expect(sections(justB)).toBe(1);
    expect(justB).toContain('AgentState_Busy');
    expect(justB).not.toContain('AgentState_Ready');
    expect(renderLadder(a.entries, { tenant: 't-zz' })).toContain('No journal entries for tenant t-zz.');
  });

  it('keeps entries without a tenant beside the only tenant (a refused TokenByAkSk names none)', () => {
    const j = new JournalBuilder();
    j.add({ kind: 'http', api: 'TokenByAkSk', method: 'POST', path: '/t', status: 401, ms: 1 }, null);
    j.event('101', 'AgentState_Ready');
    const html = renderLadder(j.entries);
    expect(sections(html)).toBe(1);
    expect(html).not.toContain('<h2>');
  });

  it('renders an empty journal as a page that says so', () => {
    const html = renderLadder([]);
    expect(html).toContain('0 entries');
    expect(html).toContain('No journal entries.');
  });

  it('draws the simulator’s own journal: integration calls, a refusal in red, the tenant created', async () => {
    const t = testApp();
    const path = '/apiaccess/CC-Management/v1/queryAgentInfo';
    await t.request(path, { headers: { 'X-APP-Key': t.tenant.config.app.appKey } });
    await tokenText(t);
    const entries = t.sim.journal.query();
    const html = renderLadder(entries);
    expect(html).toContain(`tenant ${t.tenant.id}: created`);
    expect(html).toMatch(/<g class="bad">.*?<tspan class="main">401( · code [^<]*)?<\/tspan>/);
    expect(html).toMatch(
      /<tspan class="main">TokenByAkSk<\/tspan><tspan class="tag" dx="6">POST \/apigovernance/,
    );
    expect(laneTitles(html)).not.toContain('client');
  });
});
