import { z } from 'zod';

/** Pieces shared by the scenario's actions and expectations. */

export const agentIndex = z
  .number()
  .int()
  .min(0)
  .describe('The agent, by its index in actors.agents (0 is the first).');

export const customerName = z
  .string()
  .regex(/^[A-Za-z][\w-]{0,31}$/, 'a name: a letter, then letters, digits, _ or -')
  .describe('A customer, by its name in actors.customers.');

/** "/^INVITE/i" in a scenario file is a regular expression; any other string is itself. */
export const REGEX_TEXT = /^\/(.+)\/([dgimsuy]*)$/;

/** Text to find: a substring, or a regular expression written /…/flags. */
export const textMatcher = z
  .string()
  .min(1)
  .superRefine((text, ctx) => {
    const error = regexError(text);
    if (error) ctx.addIssue({ code: 'custom', message: error });
  })
  .describe('A substring, or a regular expression written /…/flags.');

/** Why "/…/" text is not a regular expression, or undefined when it is fine (or no regex at all). */
export function regexError(text: string): string | undefined {
  const m = REGEX_TEXT.exec(text);
  if (!m) return undefined;
  try {
    new RegExp(m[1]!, m[2]);
    return undefined;
  } catch (err) {
    return `not a valid regular expression: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** The RegExp a /…/ string stands for, else the string itself. */
export function toMatcher(text: string): string | RegExp {
  const m = REGEX_TEXT.exec(text);
  return m ? new RegExp(m[1]!, m[2]) : text;
}

/** Whether `value` contains `matcher` (a substring) or matches it (a regex). */
export function textMatches(value: string, matcher: string): boolean {
  const m = toMatcher(matcher);
  return typeof m === 'string' ? value.includes(m) : value.search(m) !== -1;
}

/** 120000, "2m", "30s", "1500ms", "1h": a duration in milliseconds. */
export const duration = z
  .union([
    z.number().int().min(0),
    z
      .string()
      .regex(/^\d+(\.\d+)?\s*(ms|s|m|h)$/, 'a duration: a number of ms, or e.g. "1500ms", "30s", "2m", "1h"'),
  ])
  .transform((d) => (typeof d === 'number' ? d : durationMs(d)))
  .describe('Milliseconds, or a duration such as "30s" or "2m".');

export function durationMs(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/.exec(text)!;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(m[1]) * unit);
}

/** Journal-based expectations look at entries since the last action began (`step`), or since the start. */
export const since = z
  .enum(['step', 'start'])
  .default('step')
  .describe('Where to look in the journal: since the last action began (step, default), or since the start.');
