import { ADJUSTMENT_KIND, ADJUSTMENT_LAYOUT } from '../../addin/sheets/adjustment-sheet';
import { applyDocumentResults, planDocumentPost, PostPlan, rowContentHash } from '../../addin/sheets/document-sheet';
import { decodeDocKey, encodeDocKey } from '../../addin/sheets/row-key';
import { renderStatus, RowStatus } from '../../addin/sheets/row-status';
import { translator } from '../../addin/i18n';
import type { Cell } from '../../addin/sheets/cells';
import { lookups, sheetRows } from '../support/sheet-rows';

const row = (r: Record<string, Cell>): Record<string, Cell> => ({ warehouse: 'WH1', reason: '损坏', sku: 'A-001', qty: -2, ...r });
const zh = (s: RowStatus | undefined) => (s ? renderStatus(s, ADJUSTMENT_LAYOUT, translator('zh'), 'zh') : '');
const en = (s: RowStatus | undefined) => (s ? renderStatus(s, ADJUSTMENT_LAYOUT, translator('en'), 'en') : '');

function plan(data: Array<Record<string, Cell>>, allowed: number[] | null = null): PostPlan {
  return planDocumentPost(ADJUSTMENT_KIND, sheetRows(ADJUSTMENT_LAYOUT, data), lookups(allowed));
}

describe('Adjustment sheet: grouping rows into documents', () => {
  test('Rows with the same Doc ref form one document; blank Doc ref rows group by warehouse, reason and date', () => {
    const p = plan([
      row({ docRef: 'A', sku: 'A-001' }),
      row({ docRef: 'A', sku: 'B-002', batchNo: 'L1' }),
      row({ docRef: 'B', sku: 'A-001', qty: 5, unitCost: 1.5, reason: 'opening' }),
      row({ sku: 'A-001' }),
      row({ sku: '00123', warehouse: '北京仓' }),
      row({ sku: 'B-002' }),
    ]);
    expect(p.documents.map((d) => d.rows)).toEqual([[0, 1], [2], [3, 5], [4]]);
    expect(p.documents[0]!.body).toEqual({ warehouseCode: 'WH1', reason: 'damage', lines: [{ sku: 'A-001', qty: -2 }, { sku: 'B-002', qty: -2, batchNo: 'L1' }] });
    expect(p.documents[1]!.body).toMatchObject({ reason: 'opening', lines: [{ sku: 'A-001', qty: 5, unitCost: 1.5 }] });
    expect(p.documents[3]!.body).toMatchObject({ warehouseCode: 'WH2' });
    expect(new Set(p.documents.map((d) => d.ref)).size).toBe(4);
    expect(p.lineCount).toBe(6);
  });

  test('Each row going out gets a pending key naming its document and line, and a "sent" status', () => {
    const p = plan([row({ docRef: 'A' }), row({ docRef: 'A', sku: 'B-002' })]);
    const ref = p.documents[0]!.ref;
    expect(decodeDocKey(p.keys.get(0))).toEqual({ state: 'pending', ref, line: 0, hash: expect.any(String) });
    expect(decodeDocKey(p.keys.get(1))).toEqual({ state: 'pending', ref, line: 1, hash: expect.any(String) });
    expect(zh(p.statuses.get(0))).toBe('… 已发送，等待服务器确认');
  });

  test('Blank rows are ignored and rows already posted are skipped, never sent again', () => {
    const p = plan([row({ key: encodeDocKey({ state: 'done', ref: 'adj-x', line: 0, number: 'ADJ-2026-000001' }) }), {}, row({})]);
    expect(p.alreadyPosted).toBe(1);
    expect(p.documents.map((d) => d.rows)).toEqual([[2]]);
  });

  test('A posted row still holding what was sent is skipped quietly; one edited since is flagged with its number and not sent', () => {
    const posted = (r: Record<string, Cell>, number: string): Record<string, Cell> => {
      const hash = rowContentHash(sheetRows(ADJUSTMENT_LAYOUT, [r]), 0, ADJUSTMENT_LAYOUT);
      return { ...r, status: `✓ ${number}`, key: encodeDocKey({ state: 'done', ref: `adj-${number}`, line: 0, number, hash }) };
    };
    const untouched = posted(row({ qty: -2 }), 'ADJ-2026-000011');
    const edited = { ...posted(row({ qty: -2 }), 'ADJ-2026-000012'), qty: -3 };
    const p = plan([untouched, edited, row({ qty: -4 })]);
    expect(p.alreadyPosted).toBe(1);
    expect(p.editedAfterPost).toBe(1);
    expect(p.statuses.has(0)).toBe(false);
    expect(en(p.statuses.get(1))).toBe('✗ edited after it was posted as ADJ-2026-000012 — not posted again; post a new row or cancel the document');
    expect(zh(p.statuses.get(1))).toBe('✗ 已过账为 ADJ-2026-000012 后被修改——未再次过账；请另起一行过账，或作废该单据');
    expect(p.keys.has(1)).toBe(false);
    expect(p.documents.map((d) => d.rows)).toEqual([[2]]);
  });

  test('A posted row flagged earlier and then restored gets its number back; a key from before fingerprints is trusted', () => {
    const hash = rowContentHash(sheetRows(ADJUSTMENT_LAYOUT, [row({})]), 0, ADJUSTMENT_LAYOUT);
    const p = plan([
      row({ status: '✗ edited after it was posted as ADJ-2026-000013', key: encodeDocKey({ state: 'done', ref: 'a', line: 0, number: 'ADJ-2026-000013', hash }) }),
      row({ qty: -9, key: encodeDocKey({ state: 'done', ref: 'b', line: 0, number: 'ADJ-2026-000014' }) }),
    ]);
    expect(zh(p.statuses.get(0))).toBe('✓ ADJ-2026-000013');
    expect(p.statuses.has(1)).toBe(false);
    expect(p).toMatchObject({ alreadyPosted: 2, editedAfterPost: 0, documents: [] });
  });

  test('Rows still pending from a lost answer are sent again under the same reference, in their line order', () => {
    const p = plan([
      row({ sku: 'B-002', key: encodeDocKey({ state: 'pending', ref: 'adj-lost', line: 1 }) }),
      row({ sku: 'A-001', key: encodeDocKey({ state: 'pending', ref: 'adj-lost', line: 0 }) }),
    ]);
    expect(p.documents).toHaveLength(1);
    expect(p.documents[0]!.ref).toBe('adj-lost');
    expect(p.documents[0]!.rows).toEqual([1, 0]);
    expect((p.documents[0]!.body as { lines: Array<{ sku: string }> }).lines.map((l) => l.sku)).toEqual(['A-001', 'B-002']);
  });

  test('Rows that failed before get a new reference when posted again', () => {
    const p = plan([row({ key: encodeDocKey({ state: 'failed', ref: 'adj-old', line: 0 }) })]);
    expect(p.documents[0]!.ref).not.toBe('adj-old');
  });
});

describe('Adjustment sheet: checking rows before sending', () => {
  test('Blank required cells, text in number cells, too many decimals, unknown SKUs and warehouses are marked per row without sending', () => {
    const p = plan([
      row({ docRef: '1', sku: '' }),
      row({ docRef: '2', qty: '三' }),
      row({ docRef: '3', qty: 1.23456 }),
      row({ docRef: '4', sku: 'NOPE-9' }),
      row({ docRef: '5', warehouse: 'WH9' }),
      row({ docRef: '6', reason: '心情不好' }),
      row({ docRef: '7', qty: 3 }),
      row({ docRef: '8', expiryDate: '2026-13-01' }),
      row({ docRef: '9', qty: '#VALUE!' }),
      row({ docRef: '10', qty: 0 }),
    ]);
    expect(p.documents).toHaveLength(0);
    expect(p.invalid).toBe(10);
    expect(zh(p.statuses.get(0))).toBe('✗ 商品编码: 必填');
    expect(zh(p.statuses.get(1))).toBe('✗ 数量: 不是数字（“三”）');
    expect(zh(p.statuses.get(2))).toBe('✗ 数量: 最多 3 位小数');
    expect(zh(p.statuses.get(3))).toBe('✗ 商品编码: 未知商品编码“NOPE-9”');
    expect(zh(p.statuses.get(4))).toBe('✗ 仓库: 未知仓库“WH9”');
    expect(zh(p.statuses.get(5))).toContain('✗ 原因: 应为以下之一');
    expect(zh(p.statuses.get(6))).toBe('✗ 单位成本: 增加库存时必填');
    expect(en(p.statuses.get(7))).toBe('✗ Expiry: is not a date ("2026-13-01"); use YYYY-MM-DD');
    expect(en(p.statuses.get(8))).toBe('✗ Qty: the formula gives #VALUE!');
    expect(en(p.statuses.get(9))).toBe('✗ Qty: must not be zero');
  });

  test('One bad row holds back its whole document, and its neighbours say which row to fix', () => {
    const p = plan([row({ docRef: 'A' }), row({ docRef: 'A', qty: 'x' }), row({ docRef: 'B' })]);
    expect(p.documents.map((d) => d.rows)).toEqual([[2]]);
    expect(zh(p.statuses.get(0))).toBe('✗ 未过账：同一单据第 3 行需要修改');
    expect(p.keys.has(0)).toBe(false);
  });

  test('Rows of one Doc ref that disagree on warehouse or reason are marked against the first row', () => {
    const p = plan([row({ docRef: 'A' }), row({ docRef: 'A', warehouse: 'WH2' })]);
    expect(p.documents).toHaveLength(0);
    expect(en(p.statuses.get(1))).toBe('✗ Warehouse: differs from row 2 of the same document');
  });

  test('A warehouse outside the user scope is refused before sending', () => {
    const p = plan([row({ warehouse: 'WH2' })], [10]);
    expect(en(p.statuses.get(0))).toBe('✗ Warehouse: you may not post to warehouse "WH2"');
  });

  test('SKUs match ignoring case and width, and are sent as the server spells them; Excel date serials become ISO dates', () => {
    const p = plan([row({ sku: 'ｂ-002', date: 46082, batchNo: 'L9', expiryDate: '2027/1/31', qty: 1, unitCost: 2 })]);
    expect(p.documents[0]!.body).toEqual({ warehouseCode: 'WH1', reason: 'damage', date: '2026-03-01', lines: [{ sku: 'B-002', qty: 1, unitCost: 2, batchNo: 'L9', expiryDate: '2027-01-31' }] });
  });

  test('Batch rules are checked before sending: none on untracked items, one when adding to a tracked item', () => {
    const p = plan([row({ docRef: '1', batchNo: 'L1' }), row({ docRef: '2', sku: 'B-002', qty: 3, unitCost: 1 }), row({ docRef: '3', sku: 'B-002', qty: -1 })]);
    expect(en(p.statuses.get(0))).toBe('✗ Batch: this item is not batch-tracked: leave it empty');
    expect(en(p.statuses.get(1))).toBe('✗ Batch: this item is batch-tracked: a batch number is required');
    expect(p.documents.map((d) => d.rows)).toEqual([[2]]);
  });
});

describe('Adjustment sheet: the server answers', () => {
  const pending = (ref: string, line: number) => encodeDocKey({ state: 'pending', ref, line });

  test('Each row gets its document number or its own error; failed rows are marked failed, unanswered rows stay pending', () => {
    const rows = sheetRows(ADJUSTMENT_LAYOUT, [
      row({ key: pending('r1', 0) }),
      row({ key: pending('r2', 0) }),
      row({ key: pending('r2', 1), sku: 'B-002' }),
      row({ key: pending('r3', 0) }),
    ]);
    const applied = applyDocumentResults(
      ADJUSTMENT_KIND,
      rows,
      new Map([
        ['r1', { status: 201, number: 'ADJ-2026-000010' }],
        ['r2', { status: 409, problem: { type: 'about:blank', title: 'Conflict', status: 409, detail: 'Not enough stock', errors: [{ path: 'lines[1].qty', message: 'only 1 available', row: 1 }] } }],
      ]),
    );
    expect(zh(applied.statuses.get(0))).toBe('✓ ADJ-2026-000010');
    expect(decodeDocKey(applied.keys.get(0))).toMatchObject({ state: 'done', number: 'ADJ-2026-000010' });
    // The fingerprint taken when the row was sent stays, whatever the row holds by the time the answer comes.
    expect(decodeDocKey(applyDocumentResults(ADJUSTMENT_KIND, sheetRows(ADJUSTMENT_LAYOUT, [row({ key: encodeDocKey({ state: 'pending', ref: 'r1', line: 0, hash: 'sent' }) })]), new Map([['r1', { status: 201, number: 'ADJ-2026-000010' }]])).keys.get(0))).toMatchObject({ hash: 'sent' });
    expect(zh(applied.statuses.get(2))).toBe('✗ 数量: only 1 available');
    expect(zh(applied.statuses.get(1))).toBe('✗ 未过账：Not enough stock (#2)');
    expect(decodeDocKey(applied.keys.get(1))?.state).toBe('failed');
    expect(applied.statuses.has(3)).toBe(false);
    expect(applied).toMatchObject({ postedRows: 1, failedRows: 2, documents: 1 });
  });

  test('A document-level error shows on every row of the document under its column', () => {
    const rows = sheetRows(ADJUSTMENT_LAYOUT, [row({ key: pending('r1', 0) })]);
    const applied = applyDocumentResults(
      ADJUSTMENT_KIND,
      rows,
      new Map([['r1', { status: 403, problem: { type: 'about:blank', title: 'Forbidden', status: 403, errors: [{ path: 'warehouseCode', message: 'outside your warehouses' }] } }]]),
    );
    expect(en(applied.statuses.get(0))).toBe('✗ Warehouse: outside your warehouses');
  });

  test('A reference the server already used with other values keeps the row pending with a plain explanation', () => {
    const rows = sheetRows(ADJUSTMENT_LAYOUT, [row({ key: pending('r1', 0) })]);
    const applied = applyDocumentResults(
      ADJUSTMENT_KIND,
      rows,
      new Map([['r1', { status: 422, problem: { type: 'about:blank', title: 'Invalid', status: 422, errors: [{ path: 'Idempotency-Key', message: 'already used with a different body' }] } }]]),
    );
    expect(applied.keys.has(0)).toBe(false);
    expect(zh(applied.statuses.get(0))).toContain('此前已按其他内容过账');
  });
});
