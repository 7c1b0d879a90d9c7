import { useQuery } from '@tanstack/react-query';
import type { Uuid } from '../../api/contracts';
import { hubApi } from '../../api/hub';

export const organisationsQueryKey = ['organisations'] as const;

/** `GET /api/organisations`: the flat list visible to the caller. */
export function useOrganisations() {
  return useQuery({ queryKey: organisationsQueryKey, queryFn: ({ signal }) => hubApi.organisations.list(signal) });
}

/** `GET /api/organisations/{id}/users`; idle while no organisation is selected. */
export function useOrganisationUsers(organisationId: Uuid | undefined) {
  return useQuery({
    queryKey: [...organisationsQueryKey, organisationId, 'users'],
    queryFn: ({ signal }) => hubApi.organisations.users(organisationId!, signal),
    enabled: organisationId !== undefined,
  });
}
