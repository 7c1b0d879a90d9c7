/** Cache key of `GET /api/auth/me`. */
export const meQueryKey = ['auth', 'me'] as const;
