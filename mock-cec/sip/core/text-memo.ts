import { detach } from '../../core/detach.ts';

/**
 * A pure reading of short text (a URI, a host:port), remembered for the texts
 * met again and again: every REGISTER of an account repeats its To, From and
 * Contact URIs and the server's Request-URI. What is remembered must be
 * immutable (the readers' results are `readonly` values), as every caller
 * shares it. Unreadable texts are not remembered. Bounded: when full, it is
 * emptied whole, so a flood of distinct texts costs one failed lookup each,
 * not the bookkeeping of an LRU; keys are detached copies, and values are
 * read from them, so that a memo never keeps whole messages alive.
 */
export function memoized<T>(
  read: (text: string) => T | undefined,
  capacity = 4096,
): (text: string) => T | undefined {
  const known = new Map<string, T>();
  return (text) => {
    const hit = known.get(text);
    if (hit !== undefined) return hit;
    // Read from the detached copy, so that the parts the value keeps are cut from it, not from the message.
    const key = detach(text);
    const value = read(key);
    if (value === undefined) return undefined;
    if (known.size >= capacity) known.clear();
    known.set(key, value);
    return value;
  };
}
