import { ACCOUNTS_LAYOUT } from '../../addin/sheets/accounts-sheet';
import { ADJUSTMENT_LAYOUT } from '../../addin/sheets/adjustment-sheet';
import { CASH_ENTRY_LAYOUT } from '../../addin/sheets/cash-entry-sheet';
import { COUNT_LAYOUT } from '../../addin/sheets/count-sheet';
import { ITEMS_LAYOUT } from '../../addin/sheets/items-sheet';
import { JOURNAL_LAYOUT } from '../../addin/sheets/journal-sheet';
import { headerOf, locateColumns, normalizeHeader, numberFormatOf } from '../../addin/sheets/layout';
import { STOCK_LAYOUT } from '../../addin/sheets/stock-sheet';
import { TRANSFER_LAYOUT } from '../../addin/sheets/transfer-sheet';

const LAYOUTS = [STOCK_LAYOUT, COUNT_LAYOUT, ADJUSTMENT_LAYOUT, TRANSFER_LAYOUT, ITEMS_LAYOUT, CASH_ENTRY_LAYOUT, JOURNAL_LAYOUT, ACCOUNTS_LAYOUT];

describe('Sheet layouts', () => {
  test('Every layout has unique keys and headers in both languages, and number formats per kind', () => {
    for (const layout of LAYOUTS) {
      const keys = layout.columns.map((c) => c.key);
      expect(new Set(keys).size).toBe(keys.length);
      for (const language of ['zh', 'en'] as const) {
        const headers = layout.columns.map((c) => normalizeHeader(headerOf(c, language)));
        expect(new Set(headers).size).toBe(headers.length);
      }
    }
    expect(numberFormatOf('qty')).toBe('0.000');
    expect(numberFormatOf('money')).toBe('#,##0.00');
    expect(numberFormatOf('date')).toBe('yyyy-mm-dd');
    expect(numberFormatOf('text')).toBe('@');
  });

  test('When columns are moved, then they are found by header text', () => {
    const header = ADJUSTMENT_LAYOUT.columns.map((c) => c.zh).reverse();
    const located = locateColumns(header, ADJUSTMENT_LAYOUT);
    expect(located.ok).toBe(true);
    if (located.ok) {
      expect(located.positions.get('key')).toBe(0);
      expect(located.positions.get('docRef')).toBe(header.length - 1);
    }
  });

  test('When headers are in the other language, spaced differently, full-width or an alias, then they are still found', () => {
    const header = ['Doc Ref', 'WAREHOUSE', '原因', 'Date', '货号', '数量（Qty）', 'unit cost', '批次', 'Expiry Date', 'Status', 'JXC key', 'My notes'];
    const located = locateColumns(header, ADJUSTMENT_LAYOUT);
    expect(located.ok).toBe(true);
    if (located.ok) {
      expect(located.positions.get('sku')).toBe(4);
      expect(located.positions.get('batchNo')).toBe(7);
    }
  });

  test('When a needed column was renamed beyond recognition, then it is reported as missing', () => {
    const header = ADJUSTMENT_LAYOUT.columns.map((c) => (c.key === 'qty' ? 'How many' : c.en));
    const located = locateColumns(header, ADJUSTMENT_LAYOUT);
    expect(located).toMatchObject({ ok: false, missing: [{ key: 'qty' }] });
  });

  test('Every header of a layout, in either language, finds its own column and no other', () => {
    for (const layout of LAYOUTS) {
      for (const language of ['zh', 'en'] as const) {
        const header = layout.columns.map((c) => headerOf(c, language));
        const located = locateColumns(header, layout);
        expect(located.ok).toBe(true);
        if (located.ok) expect(layout.columns.map((c) => located.positions.get(c.key))).toEqual(layout.columns.map((_, i) => i));
      }
    }
  });

  test('The cash account column is not taken for the account column, whichever comes first', () => {
    const header = ['Account', 'Doc ref', 'Kind', 'Date', 'Amount', 'Tax rate', 'Memo', 'Status', 'JXC key', 'Cash account'];
    const located = locateColumns(header, CASH_ENTRY_LAYOUT);
    expect(located.ok && [located.positions.get('account'), located.positions.get('cashAccount')]).toEqual([0, 9]);
  });

  test('When an optional items column is deleted, then the items sheet still reads', () => {
    const header = ITEMS_LAYOUT.columns.filter((c) => c.key !== 'barcode').map((c) => c.en);
    expect(locateColumns(header, ITEMS_LAYOUT).ok).toBe(true);
  });
});
