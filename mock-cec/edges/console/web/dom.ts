/**
 * A few lines instead of a framework: elements are built with text content
 * only (never innerHTML), so that nothing from the journal can become markup.
 */
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((e: Event) => void)>;

export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'number' ? String(c) : c);
  }
}

/** The element with this id; the page is ours, so a missing one is a bug. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the console page has no #${id}`);
  return el as T;
}

/** Show a problem in a form's alert line, or clear it. */
export function say(el: HTMLElement, text: string | undefined): void {
  el.textContent = text ?? '';
  el.hidden = !text;
}

/**
 * Run `load` now, or once more after the current run when asked again
 * meanwhile (at most every `gapMs`): a burst of journal entries costs a few
 * fetches, not one each, and no answer from an older fetch lands after a
 * newer one.
 */
export function coalesce(load: () => Promise<void>, gapMs = 150): () => void {
  let running = false;
  let again = false;
  const run = async () => {
    running = true;
    try {
      for (;;) {
        again = false;
        await load();
        if (!again) break;
        await new Promise((resolve) => setTimeout(resolve, gapMs));
      }
    } finally {
      running = false;
    }
  };
  return () => {
    if (running) again = true;
    else void run();
  };
}

/** A form's text fields by name. */
export function fieldsOf(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') out[name] = value;
  return out;
}

/** The alert line inside a form. */
export const alertOf = (form: HTMLElement) => form.querySelector<HTMLElement>('[role=alert]')!;

/** A state badge: a word with a colour, never the colour alone. */
export const badge = (b: { label: string; tone: string }, title?: string) =>
  h('span', { class: `badge tone-${b.tone}`, title }, b.label);
