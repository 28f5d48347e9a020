/**
 * The journal's live tail: one line per entry (time on the tenant's clock,
 * kind, key facts), newest at the bottom, filtered by kind, paused and
 * resumed, downloadable as NDJSON.
 */
import { byId, h } from './dom.ts';
import { clockTime, describeEntry, entryTone } from './format.ts';
import { type Panel, utcOffsetMin } from './panel.ts';
import type { JournalEntry, JournalKind } from './views.ts';

/** Each kind of entry, with what it covers (a Record, so that a kind added to the journal must be named here). */
const KINDS: Readonly<Record<JournalKind, string>> = {
  http: 'HTTP exchanges with the vendor APIs',
  sip: 'SIP messages',
  state: 'state changes of agents, calls, registrations, tenants',
  callback: 'token callbacks to the third party',
  fault: 'fault rules that acted',
  control: 'control API actions',
  media: 'the simulated customer’s media',
  event: 'agent events queued for the bar',
};
/** Lines kept on the page; older ones are in the NDJSON download. */
const KEEP = 500;

export interface JournalPanel extends Panel {
  /** The stream left out entries (a slow tab, or a long disconnection). */
  gap(skipped: number): void;
}

export function journalPanel(): JournalPanel {
  const list = byId<HTMLOListElement>('journal-list');
  const pause = byId<HTMLButtonElement>('journal-pause');
  const download = byId<HTMLAnchorElement>('journal-download');
  const hidden = new Set<string>();
  let kept: JournalEntry[] = [];
  let held: JournalEntry[] = [];
  let paused = false;

  const kinds = byId('journal-kinds');
  for (const [kind, covers] of Object.entries(KINDS)) {
    const box = h('input', { type: 'checkbox', checked: true, value: kind }) as HTMLInputElement;
    box.addEventListener('change', () => {
      if (box.checked) hidden.delete(kind);
      else hidden.add(kind);
      list.replaceChildren(...kept.filter(visible).map(line));
      stickToBottom(true);
    });
    kinds.append(h('label', { class: `kind kind-${kind}`, title: covers }, box, ` ${kind}`));
  }

  const visible = (e: JournalEntry) => !hidden.has(e.kind);

  const line = (e: JournalEntry) =>
    h(
      'li',
      { class: entryTone(e) ? `tone-${entryTone(e)}` : undefined, 'data-kind': e.kind, 'data-seq': e.seq },
      h('time', { datetime: new Date(e.at).toISOString() }, clockTime(e.at, utcOffsetMin(e.at))),
      h('span', { class: `kind kind-${e.kind}` }, e.kind),
      h('span', { class: 'facts' }, describeEntry(e)),
    );

  /** Follow the tail only when the reader is already at the bottom (not while they read older lines). */
  const atBottom = () => list.scrollHeight - list.scrollTop - list.clientHeight < 24;
  const stickToBottom = (stick: boolean) => {
    if (stick) list.scrollTop = list.scrollHeight;
  };

  const add = (entries: JournalEntry[]) => {
    const stick = atBottom();
    kept = kept.concat(entries).slice(-KEEP);
    list.append(...entries.slice(-KEEP).filter(visible).map(line));
    while (list.childElementCount > KEEP) list.firstElementChild!.remove();
    stickToBottom(stick);
  };

  // Lines are added once per frame: a burst of a thousand entries is one layout, not a thousand.
  let incoming: JournalEntry[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    add(incoming);
    incoming = [];
  };
  const queue = (e: JournalEntry) => {
    incoming.push(e);
    if (incoming.length > KEEP) incoming = incoming.slice(-KEEP);
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(flush);
    }
  };

  pause.addEventListener('click', () => {
    paused = !paused;
    pause.setAttribute('aria-pressed', String(paused));
    if (!paused) {
      add(held);
      held = [];
    }
    pause.textContent = paused ? 'Resume' : 'Pause';
  });
  byId('journal-clear').addEventListener('click', () => {
    kept = [];
    list.replaceChildren();
  });

  const note = (text: string) => list.append(h('li', { class: 'note' }, text));

  return {
    show(t) {
      kept = [];
      held = [];
      incoming = [];
      list.replaceChildren();
      download.href = t
        ? `/__mock/journal.ndjson?tenant=${encodeURIComponent(t.tenantSpaceId)}`
        : '/__mock/journal.ndjson';
    },
    entry(e) {
      if (!paused) return queue(e);
      held.push(e);
      if (held.length > KEEP) held = held.slice(-KEEP);
      pause.textContent = `Resume (${held.length} new)`;
    },
    gap(skipped) {
      note(`… ${skipped} entries not shown (see the NDJSON download)`);
    },
  };
}
