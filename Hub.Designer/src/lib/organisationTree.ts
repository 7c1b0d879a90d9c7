import { organisationKinds, type Organisation, type Uuid } from '../api/contracts';

/** An organisation with its visible children, in display order. */
export interface OrganisationNode {
  organisation: Organisation;
  children: OrganisationNode[];
}

const collator = new Intl.Collator('zh-CN');

/** Sibling order: group, subsidiaries, departments; then by name; then id for stability. */
export function compareOrganisations(a: Organisation, b: Organisation): number {
  return (
    organisationKinds.indexOf(a.kind) - organisationKinds.indexOf(b.kind) ||
    collator.compare(a.name, b.name) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * Builds the forest shown in the organisation tree from the flat list the Hub
 * returns.
 *
 * The list holds only what the caller may see, so a node whose parent is not
 * in it is a root (a subsidiary user sees their subsidiary's subtree only).
 * The data should never contain a cycle, but a corrupt one must not hang the
 * page or hide its members: each cycle is broken at its first member in
 * display order, which becomes a root. A repeated id keeps its first row.
 */
export function buildOrganisationTree(organisations: readonly Organisation[]): OrganisationNode[] {
  const byId = new Map<Uuid, Organisation>();
  for (const organisation of organisations) {
    if (!byId.has(organisation.id)) byId.set(organisation.id, organisation);
  }

  const parentOf = new Map<Uuid, Uuid>();
  for (const organisation of byId.values()) {
    const parentId = organisation.parentId;
    if (parentId !== null && parentId !== organisation.id && byId.has(parentId)) {
      parentOf.set(organisation.id, parentId);
    }
  }

  breakCycles(byId, parentOf);

  const nodes = new Map<Uuid, OrganisationNode>();
  for (const organisation of byId.values()) nodes.set(organisation.id, { organisation, children: [] });
  const roots: OrganisationNode[] = [];
  for (const node of nodes.values()) {
    const parentId = parentOf.get(node.organisation.id);
    if (parentId === undefined) roots.push(node);
    else nodes.get(parentId)!.children.push(node);
  }
  for (const node of nodes.values()) node.children.sort(byOrganisation);
  return roots.sort(byOrganisation);
}

function byOrganisation(a: OrganisationNode, b: OrganisationNode): number {
  return compareOrganisations(a.organisation, b.organisation);
}

// Walks each node's parent chain once; a chain that returns to a node on the
// current walk is a cycle, cut by removing the parent link of its first member.
function breakCycles(byId: ReadonlyMap<Uuid, Organisation>, parentOf: Map<Uuid, Uuid>): void {
  const settled = new Set<Uuid>();
  for (const start of byId.keys()) {
    const walk: Uuid[] = [];
    const onWalk = new Set<Uuid>();
    let current: Uuid | undefined = start;
    while (current !== undefined && !settled.has(current) && !onWalk.has(current)) {
      walk.push(current);
      onWalk.add(current);
      current = parentOf.get(current);
    }
    if (current !== undefined && onWalk.has(current)) {
      const cycle = walk.slice(walk.indexOf(current)).map((id) => byId.get(id)!);
      const first = cycle.sort(compareOrganisations)[0]!;
      parentOf.delete(first.id);
    }
    for (const id of walk) settled.add(id);
  }
}

/** The path of ids from a root down to `id` (inclusive), or [] when `id` is not in the forest. */
export function pathTo(roots: readonly OrganisationNode[], id: Uuid): Uuid[] {
  const stack: { node: OrganisationNode; path: Uuid[] }[] = roots.map((node) => ({ node, path: [node.organisation.id] }));
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (node.organisation.id === id) return path;
    for (const child of node.children) stack.push({ node: child, path: [...path, child.organisation.id] });
  }
  return [];
}
