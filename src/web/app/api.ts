/** An RFC 9457 problem as the services answer it (see src/platform/http/problem.ts). */
export interface Problem {
  type?: string;
  code: string;
  title: string;
  status: number;
  detail?: string;
  /** Field-level errors, when the service names them. */
  errors?: { path?: string; attribute?: string; index?: number; message: string }[];
  [extra: string]: unknown;
}

/** A non-2xx answer: `problem.code` says which expected failure it is. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
  }
  get status() {
    return this.problem.status;
  }
  get code() {
    return this.problem.code;
  }
}

export interface CallOptions {
  body?: unknown;
  /** Bearer credential: a seller or operator key, or an order secret. */
  token?: string | null;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** The raw response of a same-origin call, for streamed answers (imports, server-sent events). */
export function send(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const json = options.body !== undefined && !(options.body instanceof Blob);
  return fetch(path, {
    method,
    headers: {
      accept: 'application/json',
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
    throw new ApiError({ code: 'network', title: 'The market cannot be reached', status: 0 });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const body = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problem = (body ?? {}) as Partial<Problem>;
    throw new ApiError({
      ...problem,
      code: problem.code ?? `http_${response.status}`,
      title: problem.title ?? response.statusText,
      status: response.status,
    });
  }
  return body as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
