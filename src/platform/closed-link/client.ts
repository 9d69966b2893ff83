import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { forwardedHeaders } from '../request-context.ts';
import type { ClosedLinkEndpoint } from './endpoint.ts';

export interface LinkResponse {
  status: number;
  body: unknown;
}

/** The other side could not be reached, or did not answer in time, after every retry. */
export class ClosedLinkUnavailable extends Error {
  override name = 'ClosedLinkUnavailable';
}

export interface ClosedLinkClientOptions {
  /** Per attempt. */
  timeoutMs?: number;
  /** Attempts after the first; waits grow 4× from `backoffMs`, with jitter. */
  retries?: number;
  backoffMs?: number;
}

/**
 * HTTP over the closed link. Every call it makes is safe to repeat (announcements are
 * idempotent, payments carry an Idempotency-Key, the rest are reads), so a call that fails to
 * connect, times out or meets a 502/503 is retried a bounded number of times.
 */
export class ClosedLinkClient {
  private readonly agent: HttpAgent;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;

  private readonly endpoint: ClosedLinkEndpoint;

  constructor(endpoint: ClosedLinkEndpoint, options: ClosedLinkClientOptions = {}) {
    this.endpoint = endpoint;
    this.agent =
      endpoint.kind === 'socket'
        ? new HttpAgent({ keepAlive: true })
        : new HttpsAgent({ keepAlive: true, ...endpoint.tls, minVersion: 'TLSv1.3' });
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retries = options.retries ?? 3;
    this.backoffMs = options.backoffMs ?? 100;
  }

  async call(
    method: 'GET' | 'POST',
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<LinkResponse> {
    let lastError: unknown;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) await sleep(this.backoffMs * 4 ** (attempt - 1) * (0.5 + Math.random()));
      try {
        const response = await this.once(method, path, options);
        if (response.status !== 502 && response.status !== 503) return response;
        lastError = new Error(`answered ${response.status}`);
      } catch (error) {
        lastError = error;
      }
    }
    throw new ClosedLinkUnavailable(`settlement unreachable: ${(lastError as Error).message}`);
  }

  close(): void {
    this.agent.destroy();
  }

  private once(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> },
  ): Promise<LinkResponse> {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...forwardedHeaders(),
      ...options.headers,
    };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    const target =
      this.endpoint.kind === 'socket'
        ? { socketPath: this.endpoint.path }
        : { host: this.endpoint.host, port: this.endpoint.port };
    const send = this.endpoint.kind === 'socket' ? httpRequest : httpsRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        { ...target, method, path, headers, agent: this.agent, timeout: this.timeoutMs },
        (res) => readJson(res).then(resolve, reject),
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }
}

/** The answer's body: parsed when it is JSON (every answer but the metrics' text), else as text. */
async function readJson(res: IncomingMessage): Promise<LinkResponse> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const json = /\bjson\b/.test(res.headers['content-type'] ?? 'json');
  return { status: res.statusCode ?? 0, body: text ? (json ? JSON.parse(text) : text) : undefined };
}
