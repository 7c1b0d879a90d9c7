import { ApiError } from './ApiError';
import { parseProblem } from '../lib/problem';

/** Transport for the Hub API; one instance per base URL. */
export interface ApiClient {
  get<T>(path: string, signal?: AbortSignal): Promise<T>;
  post<T>(path: string, body?: unknown, signal?: AbortSignal): Promise<T>;
}

/**
 * Creates a client for the Hub at `baseUrl` ('' in the browser: same origin,
 * so the session cookie travels with `credentials: 'same-origin'`).
 */
export function createApiClient(baseUrl = '', fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis)): ApiClient {
  async function send<T>(method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const init: RequestInit = { method, headers, credentials: 'same-origin' };
    if (signal) init.signal = signal;
    if (method === 'POST') {
      // The Hub's endpoints require JSON content on every POST, body or not.
      headers['Content-Type'] = 'application/json';
      if (body !== undefined) init.body = JSON.stringify(body);
    }

    let response: Response;
    try {
      response = await fetchImpl(baseUrl + path, init);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(0, null, `${method} ${path}: the Hub could not be reached (${String(error)})`);
    }

    const text = await response.text();
    if (!response.ok) {
      const problem = parseProblem(text);
      const summary = problem?.detail ?? problem?.title ?? response.statusText;
      throw new ApiError(response.status, problem, `${method} ${path} failed with HTTP ${response.status}${summary ? `: ${summary}` : ''}`);
    }
    if (response.status === 204 || text.length === 0) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(response.status, null, `${method} ${path} returned HTTP ${response.status} with a body that is not JSON`);
    }
  }

  return {
    get: (path, signal) => send('GET', path, undefined, signal),
    post: (path, body, signal) => send('POST', path, body, signal),
  };
}
