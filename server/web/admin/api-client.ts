/**
 * The admin page's only door to the server: JSON over /api/v1 with the bearer
 * token kept in sessionStorage (never the password). Every failure becomes an
 * ApiError carrying the server's problem+json.
 */
import type { LoginResponse, UserView } from '../../../contract/platform';
import type { Problem } from '../../../contract/problem';
import { language, localeOf } from './i18n';

const TOKEN_KEY = 'jxc.admin.token';

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }
}

/** A problem for a response whose body is not problem+json (a proxy page, an empty body). */
export function problemFrom(status: number, body: unknown, statusText = ''): Problem {
  const b = body as Partial<Problem> | null;
  if (b && typeof b === 'object' && typeof b.title === 'string') {
    const problem: Problem = { type: b.type ?? 'about:blank', title: b.title, status: b.status ?? status, detail: b.detail, errors: Array.isArray(b.errors) ? b.errors : undefined };
    if (typeof b.code === 'string') problem.code = b.code;
    return problem;
  }
  return { type: 'about:blank', title: statusText || `HTTP ${status}`, status, detail: statusText || `HTTP ${status}` };
}

/** status 0: the request never reached the server. */
export function networkProblem(): Problem {
  return { type: 'about:blank', title: 'Network error', status: 0 };
}

export type Query = Record<string, string | number | undefined | null>;

export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export class ApiClient {
  /** Called when a signed-in request comes back 401: the session ended. */
  onSessionEnded: () => void = () => undefined;

  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>,
    private readonly base = '/api/v1',
  ) {}

  get token(): string | null {
    return this.storage.getItem(TOKEN_KEY);
  }

  async login(username: string, password: string): Promise<UserView> {
    const res = await this.request<LoginResponse>('POST', '/auth/login', { username, password }, false);
    this.storage.setItem(TOKEN_KEY, res.token);
    return res.user;
  }

  async logout(): Promise<void> {
    try {
      if (this.token) await this.request('POST', '/auth/logout', undefined, false);
    } finally {
      this.storage.removeItem(TOKEN_KEY);
    }
  }

  async me(): Promise<UserView> {
    return (await this.get<{ user: UserView }>('/auth/me')).user;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path + queryString(query));
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete(path: string): Promise<void> {
    return this.request<void>('DELETE', path);
  }

  private async request<T>(method: string, path: string, body?: unknown, endsSessionOn401 = true): Promise<T> {
    // The server words its problems in the page's language.
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', 'Accept-Language': localeOf(language()) };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const token = this.token;
    if (token) headers.Authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(networkProblem());
    }
    if (res.status === 204) return undefined as T;
    const parsed: unknown = await res.json().catch(() => null);
    if (res.ok) return parsed as T;
    if (res.status === 401 && endsSessionOn401 && token) {
      this.storage.removeItem(TOKEN_KEY);
      this.onSessionEnded();
    }
    throw new ApiError(problemFrom(res.status, parsed, res.statusText));
  }
}
