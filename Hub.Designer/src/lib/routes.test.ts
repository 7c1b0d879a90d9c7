import { describe, expect, it } from 'vitest';
import { defaultRoute, formatRoute, parseRoute, type Route } from './routes';

describe('routes', () => {
  it.each<Route>([
    { name: 'organisations' },
    { name: 'organisations', organisationId: '3f2c9a54-8f0e-4a51-9b7e-0d6c1f2a7b10' },
    { name: 'organisations', organisationId: 'with/slash and space' },
  ])('formatRoute_ThenParseRoute_RoundTrips(%o)', (route) => {
    expect(parseRoute(formatRoute(route))).toEqual(route);
  });

  it('formatRoute_Organisation_EncodesId', () => {
    expect(formatRoute({ name: 'organisations', organisationId: 'a/b' })).toBe('#/organisations/a%2Fb');
  });

  it.each([[''], ['#'], ['#/'], ['#/no-such-page'], ['#/organisations/'], ['organisations']])(
    'parseRoute_EmptyOrUnknown_ReturnsOrganisationsWithoutSelection(%s)',
    (hash) => {
      expect(parseRoute(hash)).toEqual(defaultRoute);
    },
  );

  it('parseRoute_MalformedEscape_KeepsRawSegment', () => {
    expect(parseRoute('#/organisations/%E0%A4%A')).toEqual({ name: 'organisations', organisationId: '%E0%A4%A' });
  });
});
