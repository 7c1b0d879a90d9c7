import type { ProblemDetails } from './contracts';

/**
 * A failed call to the Hub. `status` is the HTTP status, or 0 when the
 * server could not be reached; `problem` is the RFC 9457 body when the server
 * sent one.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails | null;

  constructor(status: number, problem: ProblemDetails | null, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get isUnauthorised(): boolean {
    return this.status === 401;
  }
}
