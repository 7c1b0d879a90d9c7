import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from './ApiError';
import { createApiClient } from './client';

// A real HTTP server on loopback, so headers, status handling and body
// parsing go through an actual fetch.
interface Seen {
  method: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let baseUrl: string;
let lastSeen: Seen;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      lastSeen = { method: request.method, headers: request.headers, body };
      switch (request.url) {
        case '/ok':
          response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ name: '集团总部' }));
          return;
        case '/no-content':
          response.writeHead(204).end();
          return;
        case '/problem':
          response
            .writeHead(401, { 'Content-Type': 'application/problem+json' })
            .end(JSON.stringify({ title: 'Unauthorized', status: 401, detail: 'The account is locked out.' }));
          return;
        case '/html-error':
          response.writeHead(500, { 'Content-Type': 'text/html' }).end('<h1>oops</h1>');
          return;
        case '/broken-json':
          response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"name":');
          return;
        default:
          response.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

describe('createApiClient', () => {
  it('get_JsonResponse_ReturnsParsedBody', async () => {
    const result = await createApiClient(baseUrl).get<{ name: string }>('/ok');
    expect(result).toEqual({ name: '集团总部' });
    expect(lastSeen.method).toBe('GET');
    expect(lastSeen.headers['content-type']).toBeUndefined();
  });

  it('post_WithBody_SendsJsonContentType', async () => {
    await createApiClient(baseUrl).post('/ok', { userName: 'hq', password: 'secret' });
    expect(lastSeen.method).toBe('POST');
    expect(lastSeen.headers['content-type']).toBe('application/json');
    expect(JSON.parse(lastSeen.body)).toEqual({ userName: 'hq', password: 'secret' });
  });

  it('post_WithoutBody_StillSendsJsonContentType', async () => {
    const result = await createApiClient(baseUrl).post('/no-content');
    expect(result).toBeUndefined();
    expect(lastSeen.headers['content-type']).toBe('application/json');
  });

  it('get_ProblemDetailsResponse_ThrowsApiErrorWithProblem', async () => {
    const failure = await createApiClient(baseUrl).get('/problem').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    const error = failure as ApiError;
    expect(error.status).toBe(401);
    expect(error.isUnauthorised).toBe(true);
    expect(error.problem?.detail).toBe('The account is locked out.');
    expect(error.message).toBe('GET /problem failed with HTTP 401: The account is locked out.');
  });

  it('get_NonJsonErrorBody_ThrowsApiErrorWithoutProblem', async () => {
    const failure = await createApiClient(baseUrl).get('/html-error').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(500);
    expect((failure as ApiError).problem).toBeNull();
  });

  it('get_MalformedJson_ThrowsApiErrorSayingSo', async () => {
    await expect(createApiClient(baseUrl).get('/broken-json')).rejects.toThrow('GET /broken-json returned HTTP 200 with a body that is not JSON');
  });

  it('get_NothingListening_ThrowsApiErrorWithStatusZero', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const failure = await createApiClient(`http://127.0.0.1:${port}`).get('/ok').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(0);
  });
});
