import { activeLocale } from '../i18n/i18n.tsx';

/** An RFC 9457 problem as the services answer it (see src/platform/http/problem.ts). */
export interface Problem {
  type?: string;
  code: string;
  title: string;
  status: number;
  detail?: string;
  /** Field-level errors, when the service names them. */
  errors?: { path?: string; attribute?: string; index?: number; message: string }[];
  /** Which service could not be reached, on a `network` problem (the market when unsaid). */
  service?: Service;
  [extra: string]: unknown;
}

/** The services a page calls: the market, or delivery (the pickup service). */
export type Service = 'market' | 'delivery';

/** A non-2xx answer: `problem.code` says which expected failure it is. */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.problem = problem;
  }
  get status() {
    return this.problem.status;
  }
  get code() {
    return this.problem.code;
  }
  /** Seconds to wait before asking again, when the service said (Retry-After). */
  get retryAfterSeconds(): number | null {
    const value = this.problem.retryAfterSeconds;
    return typeof value === 'number' ? value : null;
  }
}

/**
 * The problem of a call that got no answer. Its title is for logs and the console; the
 * terminals say it in the language shown (`problemTitle` in ui.tsx), from `service`.
 */
export const unreachable = (service: Service = 'market'): ApiError =>
  new ApiError({
    code: 'network',
    title: `${service === 'delivery' ? 'The pickup service' : 'The market'} cannot be reached`,
    status: 0,
    service,
  });

/** A Retry-After header (seconds, or an HTTP date) as whole seconds from now. */
function retryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header) : (Date.parse(header) - Date.now()) / 1000;
  return Number.isFinite(seconds) ? Math.max(0, Math.ceil(seconds)) : null;
}

/** A non-2xx response as the ApiError its problem body describes. */
export async function problemOf(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  const problem = ((text ? safeJson(text) : undefined) ?? {}) as Partial<Problem>;
  const wait = retryAfter(response.headers.get('retry-after'));
  return new ApiError({
    ...problem,
    code: problem.code ?? `http_${response.status}`,
    title: problem.title ?? response.statusText,
    status: response.status,
    ...(wait !== null && { retryAfterSeconds: wait }),
  });
}

export interface CallOptions {
  body?: unknown;
  /** Bearer credential: a seller or operator key, or an order secret. */
  token?: string | null;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Who failed to answer when the network fails: the market by default. */
  service?: Service;
}

/**
 * The raw response of a same-origin call, for streamed answers (imports, server-sent events).
 * Every call asks for the terminal's language, so a problem's title and detail come in it.
 */
export function send(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const json = options.body !== undefined && !(options.body instanceof Blob);
  return fetch(path, {
    method,
    headers: {
      accept: 'application/json',
      'accept-language': activeLocale(),
      ...(json && { 'content-type': 'application/json' }),
      ...(options.token && { authorization: `Bearer ${options.token}` }),
      ...options.headers,
    },
    body:
      options.body === undefined ? undefined : json ? JSON.stringify(options.body) : (options.body as Blob),
    signal: options.signal,
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
  });
}

/**
 * A JSON call to the service that served the page (a path), or to another the page may call (a
 * URL, such as delivery's); a problem answer becomes an ApiError.
 */
export async function api<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
  let response: Response;
  try {
    response = await send(method, path, options);
  } catch (cause) {
    if ((cause as Error).name === 'AbortError') throw cause;
    throw unreachable(options.service);
  }
  if (response.status === 204) return undefined as T;
  if (!response.ok) throw await problemOf(response);
  const text = await response.text();
  return (text ? safeJson(text) : undefined) as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
