import { balanceRows, STOCK_LAYOUT } from '../../addin/sheets/stock-sheet';

test('Stock sheet: each balance becomes one row in the layout order, blanks for missing batch and expiry', () => {
  const rows = balanceRows([
    { itemId: 1, sku: 'A-001', name: '螺丝', unit: '个', category: null, warehouseId: 10, warehouseCode: 'WH1', batchNo: null, expiryDate: null, onHand: 10, reserved: 2, available: 8, unitCost: 1.5, value: 15 },
  ]);
  expect(rows).toEqual([['A-001', '螺丝', '个', '', 'WH1', '', '', 10, 2, 8, 1.5, 15]]);
  expect(rows[0]).toHaveLength(STOCK_LAYOUT.columns.length);
});
