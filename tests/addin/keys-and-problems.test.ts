import { isKeyReusedProblem, locateError } from '../../addin/api/problem-rows';
import { translator } from '../../addin/i18n';
import { issueMessage } from '../../addin/sheets/row-status';
import { itemRequest } from '../../contract/master-data';
import { toValidationKey } from '../../contract/validation-issues';
import { normalizeServerUrl, SessionStore } from '../../addin/api/session-store';
import { cellsFingerprint, decodeCountKey, decodeDocKey, decodeItemKey, encodeCountKey, encodeDocKey, encodeItemKey, fingerprint, newRef } from '../../addin/sheets/row-key';

describe('Hidden row keys', () => {
  test('Document, count and item keys survive a round trip, odd characters included', () => {
    const doc = { state: 'done' as const, ref: 'adj-ab|c', line: 3, number: 'ADJ-2026-000001' };
    expect(decodeDocKey(encodeDocKey(doc))).toEqual(doc);
    const count = { stocktakeId: 4, itemId: 9, batchNo: 'L|1 批' };
    expect(decodeCountKey(encodeCountKey(count))).toEqual(count);
    expect(decodeItemKey(encodeItemKey({ kind: 'existing', id: 5, hash: 'abc' }))).toEqual({ kind: 'existing', id: 5, hash: 'abc' });
    expect(decodeItemKey(encodeItemKey({ kind: 'new', state: 'failed', ref: 'item-1' }))).toEqual({ kind: 'new', state: 'failed', ref: 'item-1' });
  });

  test('Keys keep the fingerprint a row was posted with; keys written before fingerprints still decode', () => {
    const pending = { state: 'pending' as const, ref: 'adj-1', line: 0, hash: 'k3x9' };
    expect(decodeDocKey(encodeDocKey(pending))).toEqual(pending);
    const done = { ...pending, state: 'done' as const, number: 'ADJ-2026-000012' };
    expect(encodeDocKey(done)).toBe('D|adj-1|0|ADJ-2026-000012|k3x9');
    expect(decodeDocKey(encodeDocKey(done))).toEqual(done);
    expect(decodeDocKey('D|adj-1|0|ADJ-2026-000012')).toEqual({ state: 'done', ref: 'adj-1', line: 0, number: 'ADJ-2026-000012' });
    const count = { stocktakeId: 4, itemId: 9, batchNo: null, posted: { number: 'STK-2026-000001', hash: 'z1' } };
    expect(decodeCountKey(encodeCountKey(count))).toEqual(count);
    expect(decodeCountKey('C|4|9|')).toEqual({ stocktakeId: 4, itemId: 9, batchNo: null });
  });

  test('A row fingerprint ignores how a value is stored or padded, and changes with what it says', () => {
    expect(cellsFingerprint(['WH1', 5, ''])).toBe(cellsFingerprint([' WH1 ', '5', '']));
    expect(cellsFingerprint(['ＷＨ1', 0.1 + 0.2])).toBe(cellsFingerprint(['WH1', 0.3]));
    expect(cellsFingerprint(['WH1', 5])).not.toBe(cellsFingerprint(['WH1', -5]));
    expect(cellsFingerprint(['WH1', ''])).not.toBe(cellsFingerprint(['', 'WH1']));
  });

  test('Whatever a clerk typed into a key cell decodes to nothing rather than to a wrong key', () => {
    for (const junk of ['', 'hello', 'P|x', 'C|a|b|', 'I|1', 42, true]) {
      expect(decodeDocKey(junk)).toBeNull();
      expect(decodeCountKey(junk)).toBeNull();
      expect(decodeItemKey(junk)).toBeNull();
    }
  });

  test('References are unique; fingerprints are stable and differ on any change', () => {
    expect(new Set(Array.from({ length: 1000 }, () => newRef('adj'))).size).toBe(1000);
    expect(fingerprint({ a: 1, b: '螺丝' })).toBe(fingerprint({ a: 1, b: '螺丝' }));
    expect(fingerprint({ a: 1, b: '螺丝' })).not.toBe(fingerprint({ a: 1, b: '螺母' }));
  });
});

describe('Problems to rows', () => {
  test('An error is placed on its line by row or by path, with its field', () => {
    expect(locateError({ path: 'lines[3].qty', message: 'm' })).toEqual({ line: 3, field: 'qty', message: 'm' });
    expect(locateError({ path: 'lines[3].qty', message: 'm', row: 5 })).toEqual({ line: 5, field: 'qty', message: 'm' });
    expect(locateError({ path: 'warehouseCode', message: 'm' })).toEqual({ line: null, field: 'warehouseCode', message: 'm' });
    expect(locateError({ path: '', message: 'm' })).toEqual({ line: null, field: null, message: 'm' });
  });

  test('A contract schema\'s complaint about a cell is worded in the sheet\'s language, a sentence of its own as it is', () => {
    const parsed = itemRequest.safeParse({ sku: 'A-1', name: '', unit: 'x'.repeat(17), salePrice: 1.23456 }, { error: toValidationKey });
    const messages = parsed.error!.issues.map((i) => issueMessage(i, String(i.path[0])));
    const say = (language: 'en' | 'zh') => messages.map((m) => `${m.column}: ${translator(language)(m.key, m.params)}`);

    expect(say('en')).toEqual(['name: is required', 'unit: at most 16 characters', 'salePrice: unit price allows at most 4 decimals']);
    expect(say('zh')).toEqual(['name: 必填', 'unit: 最多 16 个字符', 'salePrice: 单价最多 4 位小数']);
    expect(issueMessage({ code: 'custom', path: ['x'], message: 'as the server said', input: 1 } as never)).toEqual({ key: 'row.server', params: { message: 'as the server said' }, column: undefined });
  });

    test('A reused Idempotency-Key is recognised', () => {
    expect(isKeyReusedProblem({ type: 'x', title: 'x', status: 422, errors: [{ path: 'Idempotency-Key', message: 'already used with a different body' }] })).toBe(true);
    expect(isKeyReusedProblem({ type: 'x', title: 'x', status: 422, errors: [{ path: 'lines[0].qty', message: 'bad' }] })).toBe(false);
  });
});

describe('Sign-in memory', () => {
  function memory() {
    const map = new Map<string, string>();
    return { map, storage: { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) } };
  }

  test('The session is kept per partition key and never holds a password', () => {
    const { map, storage } = memory();
    new SessionStore(storage, 'p1').save({ serverUrl: 'https://h', username: 'u', token: 't1', expiresAt: '2999-01-01T00:00:00Z' });
    expect(new SessionStore(storage, 'p2').load()).toBeNull();
    expect(new SessionStore(storage, 'p1').load()?.token).toBe('t1');
    expect([...map.keys()]).toEqual(['p1/jxc.session']);
    expect(JSON.stringify([...map.values()])).not.toMatch(/password/i);
  });

  test('An expired token is not offered; ending the session keeps the server and username for the form', () => {
    const { storage } = memory();
    const store = new SessionStore(storage, null);
    store.save({ serverUrl: 'https://h', username: 'u', token: 't', expiresAt: '2000-01-01T00:00:00Z' });
    expect(store.load()?.token).toBe('');
    store.save({ serverUrl: 'https://h', username: 'u', token: 't', expiresAt: '2999-01-01T00:00:00Z' });
    store.endSession();
    expect(store.load()).toMatchObject({ serverUrl: 'https://h', username: 'u', token: '' });
  });

  test('Server addresses get https when typed bare, lose trailing slashes, and anything else is refused', () => {
    expect(normalizeServerUrl('jxc.example.com/')).toBe('https://jxc.example.com');
    expect(normalizeServerUrl('http://127.0.0.1:3000/')).toBe('http://127.0.0.1:3000');
    expect(normalizeServerUrl('ftp://x')).toBeNull();
    expect(normalizeServerUrl('  ')).toBeNull();
  });
});
