import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/ApiError';
import { createQueryClient, handlesOwnErrors } from './queryClient';

function recordingClient() {
  const seen = { unauthorised: 0, reported: [] as unknown[] };
  const client = createQueryClient(
    () => (seen.unauthorised += 1),
    (error) => seen.reported.push(error),
  );
  return { client, seen };
}

describe('createQueryClient', () => {
  it('query_Unauthorised_EndsSessionWithoutReportingError', async () => {
    const { client, seen } = recordingClient();
    const error = new ApiError(401, { title: 'Unauthorized' }, 'GET /api/auth/me failed with HTTP 401');
    await expect(client.fetchQuery({ queryKey: ['me'], queryFn: () => Promise.reject(error) })).rejects.toBe(error);
    expect(seen).toEqual({ unauthorised: 1, reported: [] });
  });

  it('query_ClientError_IsReportedOnceAndNotRetried', async () => {
    const { client, seen } = recordingClient();
    let calls = 0;
    const error = new ApiError(403, { detail: 'outside your scope' }, 'x');
    const query = client.fetchQuery({
      queryKey: ['users'],
      queryFn: () => {
        calls += 1;
        return Promise.reject(error);
      },
      // fetchQuery does not retry unless told; pass the client's default policy.
      retry: client.getDefaultOptions().queries!.retry!,
    });
    await expect(query).rejects.toBe(error);
    expect(calls).toBe(1);
    expect(seen).toEqual({ unauthorised: 0, reported: [error] });
  });

  it('defaultRetry_ServerErrorOrNetwork_RetriesTwiceThenStops', () => {
    const retry = createQueryClient(
      () => undefined,
      () => undefined,
    ).getDefaultOptions().queries?.retry;
    if (typeof retry !== 'function') throw new Error('the default retry should be a function of the error');
    const unreachable = new ApiError(0, null, 'x');
    const serverError = new ApiError(503, null, 'x');
    expect([0, 1, 2].map((count) => retry(count, unreachable))).toEqual([true, true, false]);
    expect(retry(0, serverError)).toBe(true);
    expect(retry(0, new ApiError(404, null, 'x'))).toBe(false);
  });

  it('mutation_WithHandlesOwnErrorsMeta_IsNotReported', async () => {
    const { client, seen } = recordingClient();
    const error = new ApiError(400, { errors: { userName: ['required'] } }, 'x');
    const mutation = client.getMutationCache().build(client, { mutationFn: () => Promise.reject(error), meta: handlesOwnErrors });
    await expect(mutation.execute(undefined)).rejects.toBe(error);
    expect(seen).toEqual({ unauthorised: 0, reported: [] });
  });

  it('mutation_WithoutMeta_IsReported', async () => {
    const { client, seen } = recordingClient();
    const error = new ApiError(500, { title: 'Internal Server Error' }, 'x');
    const mutation = client.getMutationCache().build(client, { mutationFn: () => Promise.reject(error) });
    await expect(mutation.execute(undefined)).rejects.toBe(error);
    expect(seen.reported).toEqual([error]);
  });
});
