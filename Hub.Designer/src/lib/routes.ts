/**
 * The designer's pages, addressed by the URL hash (`#/organisations/<id>`).
 * Hash addresses need no server-side fallback route, so any path the Hub's
 * static file handler serves `index.html` at works. Add a member to the union
 * and a case to both functions for each new page.
 */
export type Route = { name: 'organisations'; organisationId?: string };

export const defaultRoute: Route = { name: 'organisations' };

/** Reads a location hash; anything unknown is the default page. */
export function parseRoute(hash: string): Route {
  const segments = hash
    .replace(/^#?\/?/, '')
    .split('/')
    .filter((segment) => segment.length > 0)
    .map(safeDecode);
  switch (segments[0]) {
    case 'organisations': {
      const organisationId = segments[1];
      return organisationId ? { name: 'organisations', organisationId } : { name: 'organisations' };
    }
    default:
      return defaultRoute;
  }
}

/** The hash for a route; `parseRoute(formatRoute(r))` equals `r`. */
export function formatRoute(route: Route): string {
  switch (route.name) {
    case 'organisations':
      return route.organisationId ? `#/organisations/${encodeURIComponent(route.organisationId)}` : '#/organisations';
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
