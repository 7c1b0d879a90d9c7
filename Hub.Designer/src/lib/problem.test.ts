import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/ApiError';
import { describeError, fieldErrors, parseProblem, type ErrorFallbacks } from './problem';

const fallbacks: ErrorFallbacks = {
  network: 'network down',
  http: (status) => `http ${status}`,
  unexpected: 'unexpected',
};

describe('parseProblem', () => {
  it('parseProblem_Rfc9457Body_KeepsStandardMembers', () => {
    // RFC 9457 §3.1 members, as ASP.NET writes them.
    const problem = parseProblem(
      JSON.stringify({
        type: 'https://tools.ietf.org/html/rfc9110#section-15.5.2',
        title: 'Unauthorized',
        status: 401,
        detail: 'The account is locked out.',
        traceId: '00-abc',
      }),
    );
    expect(problem).toEqual({
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.2',
      title: 'Unauthorized',
      status: 401,
      detail: 'The account is locked out.',
    });
  });

  it('parseProblem_ValidationErrors_KeepsStringMessagesOnly', () => {
    const problem = parseProblem(
      JSON.stringify({ title: 'One or more validation errors occurred.', errors: { userName: ['required', 7], password: 'too short', other: [] } }),
    );
    expect(problem?.errors).toEqual({ userName: ['required'], password: ['too short'] });
  });

  it.each([['not json'], ['[1,2]'], ['null'], ['"text"'], ['']])('parseProblem_NotAnObject_ReturnsNull(%s)', (text) => {
    expect(parseProblem(text)).toBeNull();
  });

  it('parseProblem_MembersOfWrongType_DropsThem', () => {
    expect(parseProblem(JSON.stringify({ title: 5, detail: { x: 1 }, status: '400' }))).toEqual({});
  });
});

describe('describeError', () => {
  it('describeError_ProblemWithDetail_ShowsDetail', () => {
    const error = new ApiError(401, { title: 'Unauthorized', detail: 'Wrong user name or password.' }, 'x');
    expect(describeError(error, fallbacks)).toBe('Wrong user name or password.');
  });

  it('describeError_ProblemWithTitleOnly_ShowsTitle', () => {
    expect(describeError(new ApiError(403, { title: 'Forbidden' }, 'x'), fallbacks)).toBe('Forbidden');
  });

  it('describeError_ValidationProblemWithoutDetail_ShowsTitleAndFieldMessages', () => {
    const error = new ApiError(400, { title: 'Validation failed', errors: { userName: ['User name is required.'], password: ['Password is required.'] } }, 'x');
    expect(describeError(error, fallbacks)).toBe('Validation failed: User name is required. Password is required.');
  });

  it('describeError_ValidationProblemWithoutTitle_ShowsMessagesOnly', () => {
    const error = new ApiError(400, { errors: { userName: ['User name is required.'] } }, 'x');
    expect(describeError(error, fallbacks)).toBe('User name is required.');
  });

  it('describeError_NoProblemBody_ShowsHttpFallback', () => {
    expect(describeError(new ApiError(502, null, 'x'), fallbacks)).toBe('http 502');
  });

  it('describeError_ServerUnreachable_ShowsNetworkFallback', () => {
    expect(describeError(new ApiError(0, null, 'x'), fallbacks)).toBe('network down');
  });

  it('describeError_PlainError_ShowsItsMessage', () => {
    expect(describeError(new TypeError('boom'), fallbacks)).toBe('boom');
  });

  it('describeError_NotAnError_ShowsUnexpectedFallback', () => {
    expect(describeError('thrown string', fallbacks)).toBe('unexpected');
  });
});

describe('fieldErrors', () => {
  it('fieldErrors_AspNetKeyStyles_MapToCamelCaseFormFields', () => {
    const errors = fieldErrors({ errors: { UserName: ['a'], '$.userName': ['b'], password: ['c'] } });
    expect(errors).toEqual({ userName: ['a', 'b'], password: ['c'] });
  });

  it('fieldErrors_NoProblem_ReturnsEmpty', () => {
    expect(fieldErrors(null)).toEqual({});
  });
});
