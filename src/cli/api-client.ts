/**
 * A small client for the services' own HTTP APIs, used by the `tokumei` commands so that they
 * work the same against an embedded or a remote deployment, and while the service runs.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly body: { title?: string; detail?: string; code?: string } & Record<string, unknown>;

  constructor(status: number, body: ApiError['body']) {
    super(`${status} ${body.code ?? ''}: ${body.title ?? ''}${body.detail ? ` — ${body.detail}` : ''}`);
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
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(this.token && { authorization: `Bearer ${this.token}` }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new ApiError(response.status, parsed ?? {});
    return parsed as T;
  }
}
