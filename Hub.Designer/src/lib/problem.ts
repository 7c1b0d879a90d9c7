import { ApiError } from '../api/ApiError';
import type { ProblemDetails } from '../api/contracts';

/** Localised texts for failures that carry no server message. */
export interface ErrorFallbacks {
  network: string;
  http: (status: number) => string;
  unexpected: string;
}

/**
 * Reads an RFC 9457 problem body. Returns null when the text is not a JSON
 * object; keeps only members of the expected types, so a malformed body never
 * reaches the UI as `[object Object]`.
 */
export function parseProblem(text: string): ProblemDetails | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const raw = value as Record<string, unknown>;
  const problem: ProblemDetails = {};
  for (const key of ['type', 'title', 'detail', 'instance'] as const) {
    const member = raw[key];
    if (typeof member === 'string' && member.length > 0) problem[key] = member;
  }
  if (typeof raw.status === 'number') problem.status = raw.status;
  const errors = readErrors(raw.errors);
  if (errors) problem.errors = errors;
  return problem;
}

function readErrors(value: unknown): Record<string, string[]> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const errors: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(value)) {
    const list = Array.isArray(messages) ? messages : [messages];
    const texts = list.filter((m): m is string => typeof m === 'string' && m.length > 0);
    if (texts.length > 0) errors[field] = texts;
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

/**
 * Validation errors keyed by form field name. ASP.NET may key them as
 * `UserName`, `userName` or `$.userName` depending on where validation ran;
 * all three map to the form's `userName`.
 */
export function fieldErrors(problem: ProblemDetails | null): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(problem?.errors ?? {})) {
    const bare = key.startsWith('$.') ? key.slice(2) : key;
    const field = bare.length > 0 ? bare[0]!.toLowerCase() + bare.slice(1) : bare;
    result[field] = [...(result[field] ?? []), ...messages];
  }
  return result;
}

/**
 * The one line to show a person for a failure: the problem's `detail`, else
 * its `title` (followed by the validation messages, which a bare title such as
 * "One or more validation errors occurred." does not say), else a localised
 * fallback.
 */
export function describeError(error: unknown, fallbacks: ErrorFallbacks): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return fallbacks.network;
    const problem = error.problem;
    if (problem?.detail) return problem.detail;
    const messages = Object.values(problem?.errors ?? {}).flat();
    const title = problem?.title ?? (messages.length > 0 ? '' : fallbacks.http(error.status));
    return [title, messages.join(' ')].filter((part) => part.length > 0).join(': ');
  }
  if (error instanceof Error && error.message.length > 0) return error.message;
  return fallbacks.unexpected;
}
