import { useMemo, useSyncExternalStore } from 'react';
import { formatRoute, parseRoute, type Route } from '../lib/routes';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const readHash = () => window.location.hash;

/** The page the address bar names; re-renders on back/forward and links. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, readHash);
  return useMemo(() => parseRoute(hash), [hash]);
}

/** Goes to `route`, adding a history entry. */
export function navigate(route: Route): void {
  window.location.hash = formatRoute(route);
}
