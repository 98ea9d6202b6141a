import type { Actor } from '../../server/platform/actor';
import { ActorCache } from '../../server/platform/auth/actor-cache';

const actor = { id: 1, username: 'a' } as Actor;

describe('Actor cache', () => {
  test('When an entry is younger than the TTL, then it is reused; older, then it is reloaded', () => {
    const cache = new ActorCache(2000);
    cache.set('h', actor, new Date(10_000_000), 1000);
    expect(cache.get('h', 2999)).toBe(actor);
    expect(cache.get('h', 3000)).toBeNull();
  });

  test('When the token expires before the TTL, then the entry is not used past the expiry', () => {
    const cache = new ActorCache(60_000);
    cache.set('h', actor, new Date(1500), 1000);
    expect(cache.get('h', 1499)).toBe(actor);
    expect(cache.get('h', 1500)).toBeNull();
  });

  test('When forgotten, cleared, or the TTL is 0, then nothing is served', () => {
    const cache = new ActorCache(60_000);
    cache.set('a', actor, new Date(1e13));
    cache.set('b', actor, new Date(1e13));
    cache.forget('a');
    expect(cache.get('a')).toBeNull();
    cache.clear();
    expect(cache.get('b')).toBeNull();
    const off = new ActorCache(0);
    off.set('c', actor, new Date(1e13));
    expect(off.get('c')).toBeNull();
  });
});
