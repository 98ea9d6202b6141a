/**
 * Where the sign-in is remembered: the server address, the username and the
 * token — never the password — under a key partitioned by Office's
 * `partitionKey`, so two add-in instances (or two users of Excel on the web)
 * do not share a session.
 */
export interface StoredSession {
  serverUrl: string;
  username: string;
  token: string;
  expiresAt: string;
}

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export class SessionStore {
  private readonly key: string;

  constructor(
    private readonly storage: KeyValueStorage,
    partitionKey?: string | null,
  ) {
    this.key = partitionKey ? `${partitionKey}/jxc.session` : 'jxc.session';
  }

  load(now = Date.now()): StoredSession | null {
    try {
      const raw = this.storage.getItem(this.key);
      if (!raw) return null;
      const s = JSON.parse(raw) as Partial<StoredSession>;
      if (typeof s.token !== 'string' || typeof s.serverUrl !== 'string') return null;
      if (s.expiresAt && Date.parse(s.expiresAt) <= now) return { ...(s as StoredSession), token: '' };
      return s as StoredSession;
    } catch {
      return null;
    }
  }

  save(session: StoredSession): void {
    this.storage.setItem(this.key, JSON.stringify(session));
  }

  /** Forgets the token but keeps the server address and username to prefill the form. */
  endSession(): void {
    const s = this.load();
    if (s) this.save({ ...s, token: '', expiresAt: '' });
  }
}

/** The server address as typed: a scheme is added when missing; anything but http(s) is refused. */
export function normalizeServerUrl(text: string): string | null {
  const trimmed = text.trim().replace(/\/+$/, '');
  if (!trimmed) return null;
  const withScheme = /^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.origin + url.pathname.replace(/\/+$/, '');
  } catch {
    return null;
  }
}
