import { InvalidArgumentError, Option } from 'commander';
import { UsageError } from './usage-error.ts';

/**
 * A small client for the services' own HTTP APIs, used by the `tokumei` commands so that they
 * work the same against an embedded or a remote deployment, and while the service runs.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly body: { title?: string; detail?: string; code?: string } & Record<string, unknown>;

  constructor(status: number, body: ApiError['body']) {
    super(
      `the market answered ${status}${body.code ? ` (${body.code})` : ''}: ${body.title ?? ''}${body.detail ? ` — ${body.detail}` : ''}`,
    );
    this.status = status;
    this.body = body;
  }
}

export class ApiClient {
  readonly baseUrl: string;
  readonly token?: string;

  constructor(baseUrl: string, token?: string) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const response = await marketFetch(this.baseUrl, path, {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(this.token && { authorization: `Bearer ${this.token}` }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      throw new UsageError(
        `${this.baseUrl} answered ${response.status} with something other than JSON: is it the market?`,
      );
    }
    if (!response.ok) throw new ApiError(response.status, (parsed ?? {}) as ApiError['body']);
    return parsed as T;
  }
}

/** A request to the market; a market that cannot be reached is one line, not a stack trace. */
export async function marketFetch(baseUrl: string, path: string | URL, init: RequestInit): Promise<Response> {
  if (!URL.canParse(baseUrl)) {
    throw new UsageError(`${baseUrl} is not a URL: check --url, TOKUMEI_MARKET_URL or TOKUMEI_MARKET_PORT`);
  }
  try {
    return await fetch(new URL(path, baseUrl), init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new UsageError(
      `cannot reach the market at ${baseUrl} — is it running? (npm start)${cause?.code && cause.code !== 'ECONNREFUSED' ? ` [${cause.code}]` : ''}`,
    );
  }
}

/** Where a service on this machine listening on `host` is reached from this machine. */
export function localUrl(host: string, port: number | string): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/**
 * Where the commands find the market: --url, else TOKUMEI_MARKET_URL, else this machine where
 * `npm start` listens (TOKUMEI_MARKET_HOST and TOKUMEI_MARKET_PORT, 127.0.0.1 and 8080 unless set).
 */
export function marketUrlOption(env: NodeJS.ProcessEnv = process.env): Option {
  const local = localUrl(env.TOKUMEI_MARKET_HOST || '127.0.0.1', env.TOKUMEI_MARKET_PORT || 8080);
  return new Option(
    '--url <url>',
    'the market’s address; else $TOKUMEI_MARKET_URL, else this machine at $TOKUMEI_MARKET_PORT',
  )
    .env('TOKUMEI_MARKET_URL')
    .default(local)
    .argParser((url) => {
      if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
        throw new InvalidArgumentError('must be an http:// or https:// URL, such as http://127.0.0.1:8080');
      }
      return url;
    });
}
