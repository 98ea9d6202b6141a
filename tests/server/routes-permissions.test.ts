import { isPermission } from '../../server/platform/permissions/catalogue';
import { TestApp } from '../support/test-app';

/** The parts of Express 5's router (router@2) this test reads. */
interface Layer {
  rawPath?: string | string[];
  handle: ((...args: unknown[]) => unknown) & { stack?: Layer[]; permission?: string };
  route?: { path: string; stack: Layer[]; methods: Record<string, boolean> };
}

interface RouteInfo {
  method: string;
  path: string;
  /** The permissions of the guards in front of the handler, from enclosing routers and the route itself. */
  guards: string[];
  /** Whether every guard of the route runs before its first other handler. */
  guardFirst: boolean;
}

const join = (prefix: string, path: string) => `${prefix}${path === '/' ? '' : path}` || '/';

function walk(stack: Layer[], prefix: string, inherited: string[], out: RouteInfo[]): RouteInfo[] {
  const guards = [...inherited];
  for (const layer of stack) {
    const path = typeof layer.rawPath === 'string' ? layer.rawPath : '';
    if (layer.route) {
      const own = layer.route.stack.map((l) => l.handle.permission);
      const firstHandler = own.findIndex((p) => p === undefined);
      const guardFirst = own.every((p, i) => p === undefined || firstHandler === -1 || i < firstHandler);
      for (const method of Object.keys(layer.route.methods)) {
        out.push({ method: method.toUpperCase(), path: join(prefix, layer.route.path), guards: [...guards, ...own.filter((p): p is string => !!p)], guardFirst });
      }
    } else if (layer.handle.stack) {
      walk(layer.handle.stack, join(prefix, path), guards, out);
    } else if (layer.handle.permission) {
      guards.push(layer.handle.permission);
    }
  }
  return out;
}

const OPEN_ROUTES = ['POST /api/v1/auth/login', 'GET /api/v1/health', 'GET /api/v1/auth/me', 'POST /api/v1/auth/logout'];

describe('Every route declares its permission', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  beforeAll(async () => {
    t = await TestApp.start();
    routes = walk((t.app as unknown as { router: { stack: Layer[] } }).router.stack, '', [], []).filter((r) => r.path.startsWith('/api/v1/'));
  });
  afterAll(() => t.stop());

  const concrete = (path: string) => path.replace(/:\w+/g, '1');

  test('When the router is walked, then it finds the platform routes', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);

    expect(names).toEqual(expect.arrayContaining([
      ...OPEN_ROUTES,
      'GET /api/v1/users', 'POST /api/v1/users', 'GET /api/v1/users/:id', 'PATCH /api/v1/users/:id', 'DELETE /api/v1/users/:id',
      'GET /api/v1/roles', 'POST /api/v1/roles', 'PATCH /api/v1/roles/:id', 'DELETE /api/v1/roles/:id', 'GET /api/v1/permissions',
      'GET /api/v1/audit-log', 'GET /api/v1/audit-log/verify',
      'GET /api/v1/warehouses', 'POST /api/v1/warehouses', 'GET /api/v1/warehouses/:id', 'PATCH /api/v1/warehouses/:id',
    ]));
  });

  test('When a route is not sign-in, sign-out, me or health, then a permission guard from the catalogue runs before its handler', () => {
    const guarded = routes.filter((r) => !OPEN_ROUTES.includes(`${r.method} ${r.path}`));

    const unguarded = guarded.filter((r) => r.guards.length === 0).map((r) => `${r.method} ${r.path}`);
    const unknown = guarded.flatMap((r) => r.guards.filter((p) => !isPermission(p)).map((p) => `${r.method} ${r.path}: ${p}`));
    const late = guarded.filter((r) => !r.guardFirst).map((r) => `${r.method} ${r.path}`);

    expect(unguarded).toEqual([]);
    expect(unknown).toEqual([]);
    expect(late).toEqual([]);
  });

  test('When the open routes are walked, then they carry no guard', () => {
    const open = routes.filter((r) => OPEN_ROUTES.includes(`${r.method} ${r.path}`));

    expect(open.map((r) => r.guards)).toEqual(OPEN_ROUTES.map(() => []));
  });

  test('When a user with no roles calls any guarded route, then 403 and nothing runs', async () => {
    const nobody = await t.createUser([]);
    const guarded = routes.filter((r) => !OPEN_ROUTES.includes(`${r.method} ${r.path}`));

    const answers = [];
    for (const r of guarded) {
      const res = await t.http[r.method.toLowerCase() as 'get'](concrete(r.path)).set('Authorization', `Bearer ${nobody.token}`).send({});
      answers.push(`${r.method} ${r.path} → ${res.status}`);
    }

    expect(answers).toEqual(guarded.map((r) => `${r.method} ${r.path} → 403`));
  });

  test('When an admin reads any guarded GET route, then the guard lets them through', async () => {
    const admin = await t.adminToken();
    const reads = routes.filter((r) => r.method === 'GET' && !OPEN_ROUTES.includes(`${r.method} ${r.path}`));

    const denied = [];
    for (const r of reads) {
      const res = await t.http.get(concrete(r.path)).set('Authorization', `Bearer ${admin}`);
      if (res.status === 403 || res.status === 401) denied.push(`${r.path} → ${res.status}`);
    }

    expect(denied).toEqual([]);
  });
});
