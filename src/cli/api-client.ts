/**
 * A small client for the services' own HTTP APIs, used by the `tokumei` commands so that they
 * work the same against an embedded or a remote deployment, and while the service runs.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { title?: string; detail?: string; code?: string } & Record<string, unknown>,
  ) {
    super(`${status} ${body.code ?? ''}: ${body.title ?? ''}${body.detail ? ` — ${body.detail}` : ''}`);
  }
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

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
