import { selectSessionStatus, useSessionStore } from '../session/sessionStore';
import { SignInPage } from '../features/auth/SignInPage';
import { SessionProbe } from '../features/auth/SessionProbe';
import { AppLayout } from './AppLayout';

/** Chooses between asking the Hub who is signed in, the sign-in page and the app. */
export function Shell() {
  const status = useSessionStore(selectSessionStatus);
  switch (status) {
    case 'unknown':
      return <SessionProbe />;
    case 'anonymous':
      return <SignInPage />;
    case 'authenticated':
      return <AppLayout />;
  }
}
