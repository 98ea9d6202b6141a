/** A client of a server in another process, over real HTTP (fetch); `token` is sent as the bearer when set. */
export class Client {
  constructor(
    readonly url: string,
    public token = '',
  ) {}

  /** Signs in; on success this client carries the new token from then on. */
  async login(username: string, password: string): Promise<{ status: number; body: any }> {
    const res = await this.request('POST', '/auth/login', { username, password });
    if (res.status === 200) this.token = res.body.token;
    return res;
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.url}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(this.token && { authorization: `Bearer ${this.token}` }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  post(path: string, body: unknown, headers: Record<string, string> = {}) {
    return this.request('POST', path, body, headers);
  }
}
