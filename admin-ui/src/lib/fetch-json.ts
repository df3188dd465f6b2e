/** An error answer of the admin API (`{error: {code, message, field}}`), or a network failure (status 0). */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Seconds, from `Retry-After` on a 429. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export interface JsonRequestInit extends Omit<RequestInit, 'body'> {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (with its own content-type header), e.g. a CSV file or a multipart form. */
  rawBody?: string | FormData;
}

/** Calls the admin API with the session cookie; resolves to the parsed body (undefined on 204), throws ApiError otherwise. */
export async function fetchJson<T>(path: string, init: JsonRequestInit = {}): Promise<T> {
  const { body, rawBody, headers, ...rest } = init;
  const requestHeaders = new Headers(headers);
  requestHeaders.set('accept', 'application/json');
  if (body !== undefined) requestHeaders.set('content-type', 'application/json');
  let response: Response;
  try {
    response = await fetch(path, {
      ...rest,
      headers: requestHeaders,
      credentials: 'same-origin',
      body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
  } catch (error) {
    throw new ApiError(0, 'network_error', error instanceof Error ? error.message : String(error));
  }
  const data = await readBody(response);
  if (!response.ok) throw toApiError(response, data);
  return data as T;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toApiError(response: Response, data: unknown): ApiError {
  const error = (data as { error?: Record<string, unknown> } | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http_${response.status}`;
  const message = typeof error?.message === 'string' ? error.message : response.statusText;
  const field = typeof error?.field === 'string' ? error.field : undefined;
  const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
  return new ApiError(
    response.status,
    code,
    message,
    field,
    Number.isNaN(retryAfter) ? undefined : retryAfter,
  );
}
