/**
 * The named exports of a CommonJS library loaded with `import()`. Node gives
 * them as names (it reads the module's `exports` assignments), but once the
 * library is a chunk of the built command (scripts/build-cli.mjs), esbuild
 * hands the whole `module.exports` over as `default` only. `probe` is an
 * export that must be there: whichever object holds it is the library.
 */
export function commonJsExports<T extends object>(mod: T, probe: keyof T, name: string): T {
  if (mod[probe] !== undefined) return mod;
  const whole = (mod as { default?: T }).default;
  if (whole?.[probe] !== undefined) return whole;
  throw new Error(`${name} loaded without its export ${String(probe)}`);
}
