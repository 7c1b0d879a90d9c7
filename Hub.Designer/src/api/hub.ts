import { createApiClient, type ApiClient } from './client';
import type { Me, Organisation, OrganisationUser, SignInRequest, Uuid } from './contracts';

/** The Hub's endpoints, one function each, over an {@link ApiClient}. */
export function createHubApi(client: ApiClient) {
  return {
    auth: {
      signIn: (request: SignInRequest) => client.post<Me>('/api/auth/sign-in', request),
      signOut: () => client.post<void>('/api/auth/sign-out'),
      me: (signal?: AbortSignal) => client.get<Me>('/api/auth/me', signal),
    },
    organisations: {
      list: (signal?: AbortSignal) => client.get<Organisation[]>('/api/organisations', signal),
      users: (organisationId: Uuid, signal?: AbortSignal) =>
        client.get<OrganisationUser[]>(`/api/organisations/${encodeURIComponent(organisationId)}/users`, signal),
    },
  };
}

export type HubApi = ReturnType<typeof createHubApi>;

/** The designer's API, same origin as the page. */
export const hubApi: HubApi = createHubApi(createApiClient());
