import { problemFrom, queryString } from '../../server/web/admin/api-client';
import { changedFields, detailPreview, parseAmount, parseLimit, sameMembers } from '../../server/web/admin/form-values';
import { setLanguage } from '../../server/web/admin/i18n';
import { pageRange, previousOffset } from '../../server/web/admin/paging';
import { fieldKey, problemSummary, sortFieldErrors } from '../../server/web/admin/problems';

describe('Admin page: problem+json to what the page shows', () => {
  afterEach(() => setLanguage('en'));

  test('an error path belongs to the field it starts with', () => {
    expect(['username', 'roles[0]', 'warehouseIds[1]', 'lines[3].qty', 'address.city', ''].map(fieldKey)).toEqual(['username', 'roles', 'warehouseIds', 'lines', 'address', '']);
  });

  test('errors go beside their field, keeping the index; the rest stay with the summary', () => {
    const sorted = sortFieldErrors(
      [
        { path: 'username', message: 'is taken' },
        { path: 'roles[0]', message: 'unknown role "x"' },
        { path: 'roles[2]', message: 'unknown role "y"' },
        { path: 'lines[1].qty', message: 'must be a number', row: 1 },
      ],
      new Set(['username', 'roles']),
    );
    expect(Object.fromEntries(sorted.byField)).toEqual({ username: ['is taken'], roles: ['roles[0]: unknown role "x"', 'roles[2]: unknown role "y"'] });
    expect(sorted.unplaced).toEqual(['lines[1].qty: must be a number']);
  });

  test('the summary names the kind in the page language, then the server detail', () => {
    const conflict = { type: 'about:blank', title: 'Conflict', status: 409, detail: 'This is the last active administrator.' };
    expect(problemSummary(conflict)).toBe('Conflict: This is the last active administrator.');
    setLanguage('zh');
    expect(problemSummary(conflict)).toBe('冲突：This is the last active administrator.');
    expect(problemSummary({ type: 'about:blank', title: 'Network error', status: 0 })).toBe('无法连接服务器，请检查网络后重试。');
    expect(problemSummary({ type: 'about:blank', title: 'Precondition failed', status: 412, detail: 'User x was changed.' })).toBe('已被他人修改：User x was changed.');
    expect(problemSummary({ type: 'about:blank', title: 'Teapot', status: 418, detail: 'short and stout' })).toBe('Teapot: short and stout');
  });
});

describe('Admin page: reading form values', () => {
  test('amounts accept thousands separators and pass anything else through for the server to refuse', () => {
    expect(['1,200.50', ' 300 ', '', '0.1', '１２', 'abc'].map(parseAmount)).toEqual([1200.5, 300, 0, 0.1, '１２', 'abc']);
  });

  test('an approval limit left empty means no limit; 0 stays 0 (may not approve)', () => {
    expect(['', '  ', '0', '1,000', 'abc'].map(parseLimit)).toEqual([null, null, 0, 1000, 'abc']);
    expect(changedFields({ approvalLimit: 500 }, { approvalLimit: null })).toEqual({ approvalLimit: null });
    expect(changedFields({ approvalLimit: null }, { approvalLimit: null })).toEqual({});
  });

  test('a PATCH carries only what changed; list order does not count as a change', () => {
    const before = { displayName: 'A', roles: ['sales', 'viewer'], warehouseIds: [1, 2] as number[] | null, approvalLimit: 0 };
    expect(changedFields(before, { displayName: 'A', roles: ['viewer', 'sales'], warehouseIds: [2, 1], approvalLimit: 0 })).toEqual({});
    expect(changedFields(before, { displayName: 'B', roles: ['sales'], warehouseIds: null, approvalLimit: 10 })).toEqual({ displayName: 'B', roles: ['sales'], warehouseIds: null, approvalLimit: 10 });
    expect(sameMembers(null, [])).toBe(false);
    expect(sameMembers(null, null)).toBe(true);
  });

  test('paging shows n–m of total and knows when there is a previous or next page', () => {
    expect(pageRange(0, 20, 35)).toEqual({ from: 1, to: 20, total: 35, hasPrevious: false, hasNext: true });
    expect(pageRange(20, 15, 35)).toEqual({ from: 21, to: 35, total: 35, hasPrevious: true, hasNext: false });
    expect(pageRange(0, 0, 0)).toEqual({ from: 0, to: 0, total: 0, hasPrevious: false, hasNext: false });
    expect(previousOffset(10, 20)).toBe(0);
  });

  test('an audit detail preview is one short line', () => {
    expect(detailPreview({ after: { id: 1 } })).toBe('{"after":{"id":1}}');
    expect(detailPreview('x'.repeat(100), 10)).toBe('xxxxxxxxx…');
    expect(detailPreview(null)).toBe('');
  });
});

describe('Admin page: the API client', () => {
  test('a query string leaves out empty filters', () => {
    expect(queryString({ limit: 50, offset: 0, q: '', entity: undefined, userId: null, action: 'create' })).toBe('?limit=50&offset=0&action=create');
    expect(queryString({})).toBe('');
  });

  test('a problem+json body is kept; anything else becomes a problem with the status', () => {
    const body = { type: 'about:blank', code: 'record.duplicate', title: 'Invalid input', status: 422, detail: 'username: is taken', errors: [{ path: 'username', message: 'is taken', code: 'record.duplicate' }] };
    expect(problemFrom(422, body)).toEqual(body);
    expect(problemFrom(502, '<html>Bad gateway</html>', 'Bad Gateway')).toEqual({ type: 'about:blank', title: 'Bad Gateway', status: 502, detail: 'Bad Gateway' });
    expect(problemFrom(500, null)).toMatchObject({ status: 500, title: 'HTTP 500' });
  });
});
