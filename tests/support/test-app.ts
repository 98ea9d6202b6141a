import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import request from 'supertest';
import type { UserView } from '../../contract/platform';
import { createApp } from '../../server/app';
import { Config, loadConfig } from '../../server/config';
import { openDatabase } from '../../server/db/database';
import type { Services } from '../../server/platform/services';
import { createTestDatabase, TestDatabase } from './databases';

export const ADMIN_PASSWORD = 'admin-password-1';

export interface TestUser {
  id: number;
  username: string;
  password: string;
  token: string;
  view: UserView;
}

/** The real app on a fresh database, listening on a free port, with helpers for the common arrangements. */
export class TestApp {
  private counter = 0;
  private adminTokenCache: string | null = null;

  private constructor(
    readonly server: Server,
    readonly services: Services,
    readonly database: TestDatabase,
    /** The express app, for tests that inspect its router. */
    readonly app: Express,
    private readonly closeApp: () => void,
  ) {}

  static async start(overrides: Partial<Config> = {}): Promise<TestApp> {
    const database = await createTestDatabase();
    const config: Config = {
      ...loadConfig({}),
      databaseUrl: database.url,
      adminPassword: ADMIN_PASSWORD,
      passwordHashCost: 4,
      logLevel: 'silent',
      ...overrides,
    };
    const db = openDatabase(config.databaseUrl);
    const { app, services, close } = await createApp(config, db);
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    return new TestApp(server, services, database, app, close);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get http() {
    return request(this.server);
  }

  get(path: string, token?: string, headers: Record<string, string> = {}) {
    const r = this.http.get(`/api/v1${path}`).set(headers);
    return token ? r.set('Authorization', `Bearer ${token}`) : r;
  }

  post(path: string, body: unknown, token?: string, headers: Record<string, string> = {}) {
    const r = this.http.post(`/api/v1${path}`).set(headers).send(body as object);
    return token ? r.set('Authorization', `Bearer ${token}`) : r;
  }

  put(path: string, body: unknown, token?: string, headers: Record<string, string> = {}) {
    const r = this.http.put(`/api/v1${path}`).set(headers).send(body as object);
    return token ? r.set('Authorization', `Bearer ${token}`) : r;
  }

  patch(path: string, body: unknown, token?: string, headers: Record<string, string> = {}) {
    const r = this.http.patch(`/api/v1${path}`).set(headers).send(body as object);
    return token ? r.set('Authorization', `Bearer ${token}`) : r;
  }

  delete(path: string, token?: string, headers: Record<string, string> = {}) {
    const r = this.http.delete(`/api/v1${path}`).set(headers);
    return token ? r.set('Authorization', `Bearer ${token}`) : r;
  }

  async login(username: string, password: string): Promise<string> {
    const res = await this.post('/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token;
  }

  async adminToken(): Promise<string> {
    this.adminTokenCache ??= await this.login('admin', ADMIN_PASSWORD);
    return this.adminTokenCache;
  }

  /** Creates a user with the given roles and warehouse scope (null = all) and signs them in. */
  async createUser(roles: string[], warehouseIds: number[] | null = null, extra: Record<string, unknown> = {}): Promise<TestUser> {
    const username = `user${++this.counter}_${roles.join('_') || 'none'}`;
    const password = 'password-123';
    const res = await this.post('/users', { username, displayName: username, password, roles, warehouseIds, ...extra }, await this.adminToken());
    if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id, username, password, token: await this.login(username, password), view: res.body };
  }

  async createWarehouse(code = `WH${++this.counter}`, name = `Warehouse ${code}`): Promise<{ id: number; code: string }> {
    const res = await this.post('/warehouses', { code, name }, await this.adminToken());
    if (res.status !== 201) throw new Error(`create warehouse failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Creates a custom role through the API and returns its view. */
  async createRole(permissions: string[], inherits: string[] = [], name = `role${++this.counter}`): Promise<{ id: number; name: string }> {
    const res = await this.post('/roles', { name, permissions, inherits }, await this.adminToken());
    if (res.status !== 201) throw new Error(`create role failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    this.closeApp();
    await this.services.db.close();
    await this.database.drop();
  }
}
