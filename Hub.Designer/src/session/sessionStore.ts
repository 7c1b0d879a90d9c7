import { create } from 'zustand';
import type { Me } from '../api/contracts';

/** Whether someone is signed in: unknown until `GET /api/auth/me` answers. */
export type Session =
  | { status: 'unknown' }
  | { status: 'anonymous' }
  | { status: 'authenticated'; me: Me };

interface SessionState {
  session: Session;
  /** The Hub accepted the session cookie (sign-in or `me`). */
  established: (me: Me) => void;
  /** Signed out, or the Hub answered 401. */
  ended: () => void;
}

export const useSessionStore = create<SessionState>()((set) => ({
  session: { status: 'unknown' },
  established: (me) => set({ session: { status: 'authenticated', me } }),
  ended: () => set({ session: { status: 'anonymous' } }),
}));

export const selectSessionStatus = (state: SessionState) => state.session.status;
export const selectMe = (state: SessionState) => (state.session.status === 'authenticated' ? state.session.me : null);
export const selectEstablished = (state: SessionState) => state.established;
export const selectEnded = (state: SessionState) => state.ended;
