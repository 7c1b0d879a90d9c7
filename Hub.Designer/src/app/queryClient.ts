import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/ApiError';

/**
 * `meta` a query or mutation sets when it shows its own errors (the sign-in
 * form does); all others are reported by the `onError` given below.
 */
export const handlesOwnErrors = { handlesOwnErrors: true } as const;

function isClientError(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500;
}

/**
 * The designer's query client. A 401 from any call calls `onUnauthorised`
 * (the session is gone: back to sign-in); every other unhandled failure goes
 * to `onError`. Client errors are not retried: asking again will not help.
 */
export function createQueryClient(onUnauthorised: () => void, onError: (error: unknown) => void): QueryClient {
  const report = (error: unknown, meta: Record<string, unknown> | undefined) => {
    if (error instanceof ApiError && error.isUnauthorised) onUnauthorised();
    else if (meta?.handlesOwnErrors !== true) onError(error);
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => report(error, query.meta) }),
    mutationCache: new MutationCache({ onError: (error, _variables, _context, mutation) => report(error, mutation.meta) }),
    defaultOptions: {
      queries: {
        retry: (failureCount, error) => !isClientError(error) && failureCount < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}
