/**
 * A listener could not start: one line saying which listener, which address
 * and port, why, and which flag chooses another.
 */
export class ListenError extends Error {
  constructor(
    readonly listener: string,
    readonly address: string,
    readonly port: number,
    readonly flag: string,
    readonly code: string | undefined,
  ) {
    super(
      `${listener} cannot listen on ${address.includes(':') ? `[${address}]` : address}:${port}: ${reasonOf(code)} (choose another with ${flag})`,
    );
    this.name = 'ListenError';
  }
}

function reasonOf(code: string | undefined): string {
  switch (code) {
    case 'EADDRINUSE':
      return 'the port is already in use (is another mock-cec running?)';
    case 'EACCES':
      return 'permission denied (ports under 1024 need privileges)';
    case 'EADDRNOTAVAIL':
      return 'no such address on this machine';
    default:
      return code ?? 'unknown error';
  }
}

/** Run `start`; a socket error becomes a ListenError naming the listener. */
export async function naming<T>(
  listener: string,
  address: string,
  port: number,
  flag: string,
  start: () => Promise<T>,
): Promise<T> {
  try {
    return await start();
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { port?: number };
    if (typeof e?.code !== 'string' || e instanceof ListenError) throw err;
    throw new ListenError(listener, address, e.port ?? port, flag, e.code);
  }
}
