import { appendFileSync } from 'node:fs';
import pg from 'pg';

/**
 * Loaded into a service process with `--import` by the benchmark only (never in service): it
 * writes every statement the process sends through `pg` to TOKUMEI_BENCH_RECORD, one JSON line
 * each (time, process, connection, database, text, parameters), for bench/replay.ts to replay
 * without Tokumei in between.
 */
const file = process.env.TOKUMEI_BENCH_RECORD;
if (file) {
  const connections = new WeakMap<object, number>();
  let next = 0;
  const encode = (_key: string, value: unknown) => {
    if (typeof value === 'bigint') return { $bigint: value.toString() };
    if (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer')
      return { $buffer: Buffer.from((value as { data: number[] }).data).toString('base64') };
    return value;
  };
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (
    this: pg.Client,
    config: unknown,
    values?: unknown,
    ...rest: unknown[]
  ) {
    const text = typeof config === 'string' ? config : (config as { text?: string } | null)?.text;
    if (typeof text === 'string') {
      if (!connections.has(this)) connections.set(this, next++);
      const params =
        (config as { values?: unknown[] } | null)?.values ?? (Array.isArray(values) ? values : []);
      const line = {
        t: performance.timeOrigin + performance.now(),
        connection: `${process.pid}:${connections.get(this)}`,
        database: (this as unknown as { database: string }).database,
        text,
        params,
      };
      appendFileSync(file, `${JSON.stringify(line, encode)}\n`);
    }
    return (query as (...args: unknown[]) => unknown).call(this, config, values, ...rest);
  } as typeof query;
}
