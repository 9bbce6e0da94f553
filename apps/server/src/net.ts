import type { Server } from 'node:net';

/** Listens on `port`, or on the next free one when allowed; returns the port taken. */
export async function listenWithFallback(
  listen: (port: number) => Promise<void>,
  port: number,
  opts: { fallback: boolean; name: string; log: (msg: string) => void; tries?: number },
): Promise<number> {
  const tries = opts.fallback ? (opts.tries ?? 20) : 1;
  for (let i = 0; i < tries; i++) {
    const p = port === 0 ? 0 : port + i;
    try {
      await listen(p);
      if (i > 0) opts.log(`${opts.name}: port ${port} is busy, using ${p} instead`);
      return p;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' || i === tries - 1) {
        if (code === 'EADDRINUSE')
          throw new Error(`${opts.name}: port ${p} is already in use (set another port or stop the other process)`);
        throw e;
      }
    }
  }
  throw new Error(`${opts.name}: no free port from ${port}`);
}

export function netServerListen(server: Server, host: string) {
  return (port: number) =>
    new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => {
        server.off('listening', onListening);
        reject(e);
      };
      const onListening = () => {
        server.off('error', onError);
        resolve();
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(port, host);
    });
}
