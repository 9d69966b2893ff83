/** A JSON request against a running service; answers status, headers and the parsed body. */
export type JsonCall = <T = any>(
  method: string,
  path: string,
  options?: { body?: unknown; token?: string; headers?: Record<string, string> },
) => Promise<{ status: number; body: T; headers: Headers }>;

/** Real HTTP to `baseUrl`, as a client would send it: JSON in, JSON (or text) out. */
export const jsonCaller =
  (baseUrl: string): JsonCall =>
  async (method, path, { body, token, headers = {} } = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(token && { authorization: `Bearer ${token}` }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: response.status, body: parsed as any, headers: response.headers };
  };
