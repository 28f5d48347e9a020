/**
 * Run node's parseArgs for a command: its result, or what is wrong with the
 * command line in one sentence (node explains at length; its first sentence says it).
 */
export function argsOrProblem<T>(parse: () => T): { ok: true; args: T } | { ok: false; problem: string } {
  try {
    return { ok: true, args: parse() };
  } catch (err) {
    return {
      ok: false,
      problem: err instanceof Error ? (err.message.split('. ')[0] ?? err.message) : String(err),
    };
  }
}
