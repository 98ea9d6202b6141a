import type { Response } from 'supertest';

/**
 * Asserts the response is an RFC 9457 problem with the given status and a
 * code, and, when paths are given, that its field errors name exactly those paths.
 */
export function expectProblem(res: Response, status: number, paths?: string[]): void {
  expect({ status: res.status, body: res.body }).toMatchObject({ status });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(res.text) as Record<string, unknown>;
  expect(problem).toEqual(
    expect.objectContaining({ type: expect.any(String), code: expect.stringMatching(/^[a-z][a-z.-]*$/), title: expect.any(String), status, detail: expect.any(String) }),
  );
  if (paths) expect(((problem.errors ?? []) as Array<{ path: string }>).map((e) => e.path)).toEqual(paths);
}
