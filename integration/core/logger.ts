/**
 * Structured diagnostics, passed in, never global. Fields are data, not
 * interpolated text, so that a secret can only reach a log line if someone
 * writes it into a field by name — and no code here does (tests check).
 *
 * The simulator has a logger of the same shape (mock-cec/infrastructure/primitives/logger.ts).
 * This one is the integration's own on purpose: the integration stands for a team's
 * business system, and its code (its test helpers aside) imports nothing from the simulator.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export function consoleLogger(prefix = 'integration'): Logger {
  const line = (level: string, message: string, fields?: Record<string, unknown>) =>
    `${prefix} ${level} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`;
  return {
    info: (m, f) => console.log(line('info', m, f)),
    warn: (m, f) => console.warn(line('warn', m, f)),
    error: (m, f) => console.error(line('error', m, f)),
  };
}

/** A logger that keeps its lines: for tests that inspect what was logged. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (m: string, f?: Record<string, unknown>) => {
    lines.push(`${level} ${m}${f ? ` ${JSON.stringify(f)}` : ''}`);
  };
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}
