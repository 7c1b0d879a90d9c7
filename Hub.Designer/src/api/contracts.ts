// Shapes of the Hub's JSON API (camelCase). They mirror Hub.Server's
// endpoints; change both together.

export type Uuid = string;

export const roleNames = [
  'HqAdmin',
  'OrgAdmin',
  'SealCustodian',
  'Legal',
  'Finance',
  'Approver',
  'Applicant',
] as const;

export type RoleName = (typeof roleNames)[number];

/** A role held over an organisation subtree. */
export interface RoleAssignment {
  role: RoleName;
  organisationId: Uuid;
  organisationName: string;
}

/** The signed-in user, from `GET /api/auth/me` and `POST /api/auth/sign-in`. */
export interface Me {
  id: Uuid;
  userName: string;
  displayName: string;
  organisationId: Uuid;
  organisationName: string;
  roles: RoleAssignment[];
}

export interface SignInRequest {
  userName: string;
  password: string;
}

export const organisationKinds = ['Group', 'Subsidiary', 'Department'] as const;

export type OrganisationKind = (typeof organisationKinds)[number];

/** One row of `GET /api/organisations`: the flat list visible to the caller. */
export interface Organisation {
  id: Uuid;
  parentId: Uuid | null;
  kind: OrganisationKind;
  name: string;
  creditCode: string | null;
  legalRepresentative: string | null;
}

/** One row of `GET /api/organisations/{id}/users`. */
export interface OrganisationUser {
  id: Uuid;
  userName: string;
  displayName: string;
  organisationId: Uuid;
  roles: RoleAssignment[];
  lockedOut: boolean;
}

/** RFC 9457 problem details, with ASP.NET's validation `errors` extension. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: Record<string, string[]>;
}
