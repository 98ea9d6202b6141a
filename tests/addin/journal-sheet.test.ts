import { translator } from '../../addin/i18n';
import type { Cell } from '../../addin/sheets/cells';
import { applyDocumentResults, planDocumentPost, PostPlan, rowContentHash } from '../../addin/sheets/document-sheet';
import { formatCents, JOURNAL_KIND, JOURNAL_LAYOUT } from '../../addin/sheets/journal-sheet';
import { decodeDocKey, encodeDocKey } from '../../addin/sheets/row-key';
import { renderStatus, RowStatus } from '../../addin/sheets/row-status';
import { financeLookups, sheetRows } from '../support/sheet-rows';

const zh = (s: RowStatus | undefined) => (s ? renderStatus(s, JOURNAL_LAYOUT, translator('zh'), 'zh') : '');
const en = (s: RowStatus | undefined) => (s ? renderStatus(s, JOURNAL_LAYOUT, translator('en'), 'en') : '');

function plan(data: Array<Record<string, Cell>>): PostPlan {
  return planDocumentPost(JOURNAL_KIND, sheetRows(JOURNAL_LAYOUT, data), financeLookups());
}

/** A balanced two-line entry: bank charges paid from the bank. */
const entry = (docRef: string, amount: Cell = 25, over: Record<string, Cell> = {}): Array<Record<string, Cell>> => [
  { docRef, account: '6603.02', debit: amount, memo: '银行手续费', ...over },
  { docRef, account: '1002.01', credit: amount },
];

describe('Journal sheet: rows into entries', () => {
  test('Rows with the same Doc ref form one entry, in row order, whose memo is its first memo', () => {
    const p = plan([...entry('J1'), { docRef: 'J2', date: '2026-03-05', account: '6602', debit: 80.5 }, { docRef: 'J2', date: '2026-03-05', account: '1001.01', credit: 80.5, memo: '报销差旅费' }, ...entry('J3', 0.01)]);
    expect(p.documents.map((d) => d.rows)).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(p.documents[0]!.body).toEqual({
      memo: '银行手续费',
      lines: [
        { accountCode: '6603.02', debit: 25, memo: '银行手续费' },
        { accountCode: '1002.01', credit: 25 },
      ],
    });
    expect(p.documents[1]!.body).toEqual({
      date: '2026-03-05',
      memo: '报销差旅费',
      lines: [
        { accountCode: '6602', debit: 80.5 },
        { accountCode: '1001.01', credit: 80.5, memo: '报销差旅费' },
      ],
    });
  });

  test('An entry whose debits and credits differ is refused on all of its rows, saying by how much, and nothing of it is sent', () => {
    const p = plan([...entry('J1'), { docRef: 'J2', account: '6602', debit: 1000 }, { docRef: 'J2', account: '1002.01', credit: 600, memo: '差一分' }, { docRef: 'J2', account: '1001.01', credit: '399.99' }]);
    expect(p.documents.map((d) => d.rows)).toEqual([[0, 1]]);
    expect(en(p.statuses.get(2))).toBe('✗ not posted: debits 1,000.00 and credits 999.99 differ by 0.01');
    expect(zh(p.statuses.get(3))).toBe('✗ 未过账：借方合计 1,000.00 与贷方合计 999.99 相差 0.01');
    expect(en(p.statuses.get(4))).toBe(en(p.statuses.get(2)));
    expect([2, 3, 4].some((i) => p.keys.has(i))).toBe(false);
    expect(p.invalid).toBe(3);
  });

  test('Sums are exact in cents: 0.1 + 0.2 debits balance a 0.3 credit', () => {
    const p = plan([
      { docRef: 'J', account: '6602', debit: 0.1, memo: 'x' },
      { docRef: 'J', account: '6602', debit: 0.2 },
      { docRef: 'J', account: '1001.01', credit: 0.3 },
    ]);
    expect(p.documents).toHaveLength(1);
    expect(formatCents(123456789)).toBe('1,234,567.89');
    expect(formatCents(-5)).toBe('-0.05');
  });

  test('A line needs a debit or a credit, not both, none negative or over 2 decimals; a Doc ref, a known leaf account, and an entry memo are required', () => {
    const p = plan([
      { docRef: 'A', account: '6602', memo: 'm' },
      { docRef: 'B', account: '6602', debit: 5, credit: 5, memo: 'm' },
      { docRef: 'C', account: '6602', debit: -5, memo: 'm' },
      { docRef: 'D', account: '6602', credit: 2.345, memo: 'm' },
      { docRef: 'E', account: '6602', debit: '五十', memo: 'm' },
      { account: '6602', debit: 5, memo: 'm' },
      { docRef: 'G', account: '1002', debit: 5, memo: 'm' },
      { docRef: 'H', account: 'cash', debit: 5, memo: 'm' },
    ]);
    expect(p.documents).toHaveLength(0);
    expect(en(p.statuses.get(0))).toBe('✗ Debit: enter a debit or a credit');
    expect(en(p.statuses.get(1))).toBe('✗ Credit: enter either a debit or a credit, not both');
    expect(en(p.statuses.get(2))).toBe('✗ Debit: must not be negative');
    expect(en(p.statuses.get(3))).toBe('✗ Credit: allows at most 2 decimals');
    expect(zh(p.statuses.get(4))).toBe('✗ 借方: 不是数字（“五十”）');
    expect(en(p.statuses.get(5))).toBe('✗ Doc ref: is required');
    expect(en(p.statuses.get(6))).toBe('✗ Account: account 1002 has sub-accounts: post to one of them');
    expect(en(p.statuses.get(7))).toBe('✗ Account: unknown account "cash"');

    const noMemo = plan(entry('J', 10, { memo: '' }));
    expect(en(noMemo.statuses.get(0))).toBe('✗ Memo: a journal entry needs a memo');
    expect(zh(noMemo.statuses.get(1))).toBe('✗ 未过账：同一单据第 2 行需要修改');
    expect(noMemo.documents).toHaveLength(0);
  });

  test('Rows of one entry on different dates are marked against the first row', () => {
    const p = plan([
      { docRef: 'J', date: '2026-03-01', account: '6602', debit: 5, memo: 'm' },
      { docRef: 'J', date: '2026-03-02', account: '1001.01', credit: 5 },
    ]);
    expect(en(p.statuses.get(1))).toBe('✗ Date: differs from row 2 of the same document');
  });
});

describe('Journal sheet: the server answers', () => {
  const pending = (ref: string, line: number) => encodeDocKey({ state: 'pending', ref, line });
  const sent = (ref: string) => entry('J').map((r, line) => ({ ...r, key: pending(ref, line) }));

  test('A posted entry gives every one of its rows the entry number; an entry the server finds unbalanced is red on all of its rows', () => {
    const rows = sheetRows(JOURNAL_LAYOUT, [...sent('j1'), ...sent('j2')], 'en');
    const applied = applyDocumentResults(
      JOURNAL_KIND,
      rows,
      new Map([
        ['j1', { status: 201, number: 'JE-2026-000007' }],
        ['j2', { status: 422, problem: { type: 'about:blank', code: 'journal.unbalanced', title: 'Unbalanced', status: 422, detail: 'Debits and credits differ by 0.01 in CNY' } }],
      ]),
    );
    expect([0, 1].map((i) => en(applied.statuses.get(i)))).toEqual(['✓ JE-2026-000007', '✓ JE-2026-000007']);
    expect(decodeDocKey(applied.keys.get(1))).toMatchObject({ state: 'done', number: 'JE-2026-000007' });
    expect([2, 3].map((i) => en(applied.statuses.get(i)))).toEqual(['✗ not posted: Debits and credits differ by 0.01 in CNY', '✗ not posted: Debits and credits differ by 0.01 in CNY']);
    expect([2, 3].map((i) => decodeDocKey(applied.keys.get(i))?.state)).toEqual(['failed', 'failed']);
    expect(applied).toMatchObject({ postedRows: 2, failedRows: 2, documents: 1 });
  });

  test('A problem naming lines[1].accountCode marks that row under the Account column and tells the other row which line failed', () => {
    const rows = sheetRows(JOURNAL_LAYOUT, sent('j3'), 'en');
    const applied = applyDocumentResults(
      JOURNAL_KIND,
      rows,
      new Map([['j3', { status: 422, problem: { type: 'about:blank', title: 'Invalid', status: 422, detail: 'The entry has errors', errors: [{ path: 'lines[1].accountCode', message: 'control account 1122: post through its documents', row: 1 }] } }]]),
    );
    expect(en(applied.statuses.get(1))).toBe('✗ Account: control account 1122: post through its documents');
    expect(en(applied.statuses.get(0))).toBe('✗ not posted: The entry has errors (#2)');
  });

  test('A posted entry edited afterwards is flagged and not sent again; an untouched one is skipped', () => {
    const posted = entry('J').map((r, line) => {
      const hash = rowContentHash(sheetRows(JOURNAL_LAYOUT, [r]), 0, JOURNAL_LAYOUT);
      return { ...r, status: '✓ JE-2026-000001', key: encodeDocKey({ state: 'done', ref: 'j', line, number: 'JE-2026-000001', hash }) };
    });
    const p = plan([posted[0]!, { ...posted[1]!, credit: 26 }]);
    expect(p).toMatchObject({ alreadyPosted: 1, editedAfterPost: 1, documents: [] });
    expect(zh(p.statuses.get(1))).toBe('✗ 已过账为 JE-2026-000001 后被修改——未再次过账；请另起一行过账，或作废该单据');
  });
});
