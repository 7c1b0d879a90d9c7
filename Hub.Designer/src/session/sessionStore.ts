import { create } from 'zustand';
import type { Me } from '../api/contracts';

/** Whether someone is signed in: unknown until `GET /api/auth/me` answers. */
export type Session =
  | { status: 'unknown' }
  | { status: 'anonymous'; expired: boolean }
  | { status: 'authenticated'; me: Me };

interface SessionState {
  session: Session;
  /** The Hub accepted the session cookie (sign-in or `me`). */
  established: (me: Me) => void;
  /** The Hub answered 401: `expired` when someone was signed in until then (or already was expired). */
  ended: () => void;
  /** The person chose to sign out. */
  signedOut: () => void;
}

export const useSessionStore = create<SessionState>()((set) => ({
  session: { status: 'unknown' },
  established: (me) => set({ session: { status: 'authenticated', me } }),
  ended: () =>
    set(({ session }) => ({
      session: { status: 'anonymous', expired: session.status === 'authenticated' || (session.status === 'anonymous' && session.expired) },
    })),
  signedOut: () => set({ session: { status: 'anonymous', expired: false } }),
}));

export const selectSessionStatus = (state: SessionState) => state.session.status;
export const selectMe = (state: SessionState) => (state.session.status === 'authenticated' ? state.session.me : null);
export const selectEstablished = (state: SessionState) => state.established;
export const selectEnded = (state: SessionState) => state.ended;
export const selectSignedOut = (state: SessionState) => state.signedOut;
export const selectExpired = (state: SessionState) => state.session.status === 'anonymous' && state.session.expired;
