import cluster, { type Worker } from 'node:cluster';

/** A worker that died is replaced after a pause: 1 s, doubling while they die young, at most this. */
const MAX_RESTART_PAUSE_MS = 30_000;
/** A worker that lived this long died of something other than how it starts: the pause starts over. */
const HEALTHY_LIFE_MS = 60_000;

/** What a worker tells the primary once it listens. */
interface Listening {
  listening: string;
}

/**
 * `tokumei serve market|delivery --workers N`: N processes of one service behind one address,
 * through Node's cluster module (the primary accepts each connection and hands it to a worker
 * in turn). Each worker is the whole service on the one PostgreSQL database: what must happen
 * once is made so by the database (stock, outbox leases, advisory locks), and what one process
 * must tell the others goes through it too (NOTIFY for sellers' live streams and kinds). The
 * first worker starts alone, so that one migrates and makes the demo data; the others follow
 * without demo data. A worker that dies is replaced after a pause. SIGTERM or SIGINT stops
 * them all, each finishing what it serves.
 */
export async function serveWorkers(
  service: 'market' | 'delivery',
  workers: number,
  serveOne: () => Promise<{ address: string; close(): Promise<void> }>,
  onSignal: (close: () => Promise<void>) => void,
): Promise<string | undefined> {
  if (cluster.isWorker) {
    const { address, close } = await serveOne();
    onSignal(close);
    process.send?.({ listening: address } satisfies Listening);
    return undefined;
  }
  const demoVariable = `TOKUMEI_${service.toUpperCase()}_DEMO_DATA`;
  let stopping = false;
  let youngDeaths = 0;
  const running = new Set<Worker>();
  const fork = (env: Record<string, string>): Promise<string> =>
    new Promise((resolve, reject) => {
      const started = Date.now();
      const worker = cluster.fork(env);
      running.add(worker);
      worker.on('message', (message: Partial<Listening>) => {
        if (message.listening) resolve(message.listening);
      });
      worker.once('exit', (code, signal) => {
        running.delete(worker);
        reject(new Error(`${service} worker exited (${signal ?? code}) before it listened`));
        if (stopping) return;
        youngDeaths = Date.now() - started < HEALTHY_LIFE_MS ? youngDeaths + 1 : 0;
        const pause = Math.min(1000 * 2 ** Math.max(0, youngDeaths - 1), MAX_RESTART_PAUSE_MS);
        console.error(
          `${service} worker ${worker.process.pid} exited (${signal ?? code}); another starts in ${pause / 1000} s`,
        );
        setTimeout(() => void fork({ [demoVariable]: 'false' }).catch(() => {}), pause).unref();
      });
    });
  const address = await fork({});
  await Promise.all(Array.from({ length: workers - 1 }, () => fork({ [demoVariable]: 'false' })));
  onSignal(async () => {
    stopping = true;
    await Promise.all(
      [...running].map(
        (worker) =>
          new Promise<void>((resolve) => {
            worker.once('exit', () => resolve());
            worker.process.kill('SIGTERM');
          }),
      ),
    );
  });
  return address;
}
