import { beforeEach, describe, expect, it } from 'vitest';
import type { Me } from '../api/contracts';
import { selectExpired, selectMe, selectSessionStatus, useSessionStore } from './sessionStore';

const me: Me = {
  id: '0b6f4c2e-1d7a-4a8e-9c55-2f0e8d7b6a11',
  userName: 'hq-admin',
  displayName: '李管理',
  organisationId: '7a1e5d3c-2b4f-4e6a-8d9c-0f1e2d3c4b5a',
  organisationName: '集团总部',
  roles: [{ role: 'HqAdmin', organisationId: '7a1e5d3c-2b4f-4e6a-8d9c-0f1e2d3c4b5a', organisationName: '集团总部' }],
};

const read = () => {
  const state = useSessionStore.getState();
  return { status: selectSessionStatus(state), me: selectMe(state), expired: selectExpired(state) };
};

beforeEach(() => useSessionStore.setState({ session: { status: 'unknown' } }));

describe('sessionStore', () => {
  it('ended_BeforeAnyoneSignedIn_IsAnonymousNotExpired', () => {
    useSessionStore.getState().ended();
    expect(read()).toEqual({ status: 'anonymous', me: null, expired: false });
  });

  it('ended_WhileSignedIn_IsExpired', () => {
    useSessionStore.getState().established(me);
    expect(read()).toEqual({ status: 'authenticated', me, expired: false });
    useSessionStore.getState().ended();
    expect(read()).toEqual({ status: 'anonymous', me: null, expired: true });
  });

  it('ended_AgainAfterExpiry_StaysExpired', () => {
    useSessionStore.getState().established(me);
    useSessionStore.getState().ended();
    useSessionStore.getState().ended();
    expect(read().expired).toBe(true);
  });

  it('signedOut_WhileSignedIn_IsNotExpired', () => {
    useSessionStore.getState().established(me);
    useSessionStore.getState().signedOut();
    expect(read()).toEqual({ status: 'anonymous', me: null, expired: false });
  });
});
