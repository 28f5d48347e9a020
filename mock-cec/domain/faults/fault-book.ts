import {
  type FaultAction,
  type FaultRule,
  type FaultRuleInput,
  type FaultTarget,
  faultRuleSchema,
  ruleFits,
} from './fault-rule.ts';

export interface FaultHit {
  rule: FaultRule;
  action: FaultAction;
  delayMs: number;
}

/**
 * The active fault rules and how often each has matched. The first rule (in
 * order of adding) that fits, passes its nth/probability/times gates, wins.
 */
export class FaultBook {
  #rules: FaultRule[] = [];
  #seen = new Map<string, number>();
  #applied = new Map<string, number>();
  #nextId = 1;
  /** After each rule added or removed (the simulator persists rules through it). */
  onChange: (() => void) | undefined;

  add(input: FaultRuleInput): FaultRule {
    const result = faultRuleSchema.safeParse(input);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new Error(`fault rule: ${issue?.path.join('.') || 'rule'}: ${issue?.message}`);
    }
    const parsed = result.data;
    let id = parsed.id;
    // A generated id skips those taken (rules restored from a state folder keep theirs).
    while (id === undefined || (parsed.id === undefined && this.#rules.some((r) => r.id === id)))
      id = `fault-${this.#nextId++}`;
    if (this.#rules.some((r) => r.id === id)) throw new Error(`a fault rule with id "${id}" already exists`);
    const rule: FaultRule = { ...parsed, id };
    this.#rules.push(rule);
    this.onChange?.();
    return rule;
  }

  list(tenant?: string): FaultRule[] {
    return this.#rules.filter((r) => tenant === undefined || r.tenant === tenant);
  }

  stats(id: string): { matched: number; applied: number } {
    return { matched: this.#seen.get(id) ?? 0, applied: this.#applied.get(id) ?? 0 };
  }

  remove(id: string): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((r) => r.id !== id);
    if (this.#rules.length === before) return false;
    this.onChange?.();
    return true;
  }

  /** Remove every rule, or every rule of one tenant. */
  clear(tenant?: string): number {
    const before = this.#rules.length;
    this.#rules = tenant === undefined ? [] : this.#rules.filter((r) => r.tenant !== tenant);
    if (this.#rules.length !== before) this.onChange?.();
    return before - this.#rules.length;
  }

  get size(): number {
    return this.#rules.length;
  }

  /**
   * Find the rule to apply to this target, counting the match. `random` is the
   * tenant's seeded generator, used only by rules with a probability.
   */
  match(target: FaultTarget, random: () => number): FaultHit | undefined {
    for (const rule of this.#rules) {
      if (!ruleFits(rule, target)) continue;
      const seen = (this.#seen.get(rule.id) ?? 0) + 1;
      this.#seen.set(rule.id, seen);
      if (rule.nth !== undefined && seen !== rule.nth) continue;
      const applied = this.#applied.get(rule.id) ?? 0;
      if (rule.times !== undefined && applied >= rule.times) continue;
      if (rule.probability !== undefined && random() >= rule.probability) continue;
      this.#applied.set(rule.id, applied + 1);
      // A delay action is a delay before handling normally; delayMs adds to any action.
      const delayMs = (rule.delayMs ?? 0) + (rule.action.do === 'delay' ? rule.action.ms : 0);
      return { rule, action: rule.action, delayMs };
    }
    return undefined;
  }
}
