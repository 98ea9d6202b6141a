import { planDocumentPost } from '../../addin/sheets/document-sheet';
import { renderStatus } from '../../addin/sheets/row-status';
import { TRANSFER_KIND, TRANSFER_LAYOUT } from '../../addin/sheets/transfer-sheet';
import { translator } from '../../addin/i18n';
import type { Cell } from '../../addin/sheets/cells';
import { lookups, sheetRows } from '../support/sheet-rows';

const row = (r: Record<string, Cell>): Record<string, Cell> => ({ fromWarehouse: 'WH1', toWarehouse: 'WH2', sku: 'A-001', qty: 2, ...r });

describe('Transfer sheet', () => {
  test('Rows become transfers grouped by Doc ref, or by source, destination and date', () => {
    const p = planDocumentPost(
      TRANSFER_KIND,
      sheetRows(TRANSFER_LAYOUT, [row({ docRef: 'T1' }), row({ docRef: 'T1', sku: 'B-002', batchNo: 'L7' }), row({}), row({ fromWarehouse: 'WH2', toWarehouse: '上海仓' })], 'en'),
      lookups(),
    );
    expect(p.documents.map((d) => d.rows)).toEqual([[0, 1], [2], [3]]);
    expect(p.documents[0]!.body).toEqual({ fromWarehouseCode: 'WH1', toWarehouseCode: 'WH2', lines: [{ sku: 'A-001', qty: 2 }, { sku: 'B-002', qty: 2, batchNo: 'L7' }] });
    expect(p.documents[2]!.body).toMatchObject({ fromWarehouseCode: 'WH2', toWarehouseCode: 'WH1' });
  });

  test('Same source and destination, and zero or negative quantities, are refused per row', () => {
    const p = planDocumentPost(TRANSFER_KIND, sheetRows(TRANSFER_LAYOUT, [row({ docRef: '1', toWarehouse: 'WH1' }), row({ docRef: '2', qty: -1 }), row({ docRef: '3', qty: '' })]), lookups());
    const t = translator('en');
    const text = (i: number) => renderStatus(p.statuses.get(i)!, TRANSFER_LAYOUT, t, 'en');
    expect(text(0)).toBe('✗ To warehouse: must differ from the source warehouse');
    expect(text(1)).toBe('✗ Qty: must be greater than 0');
    expect(text(2)).toBe('✗ Qty: is required');
    expect(p.documents).toHaveLength(0);
  });
});
