/**
 * The hidden `Lists` sheet the dropdowns read: SKUs, warehouses and reasons,
 * each behind a workbook name (JxcSkuList, …) so a dropdown keeps working
 * when the list grows or shrinks — the name is re-pointed, the validation
 * rule never changes.
 */
import { ChunkedWriter } from './chunked-writer';
import { broadcast, CellValue } from './excel-run';

export const LISTS_SHEET = 'Lists';
export type ListName = 'sku' | 'warehouse' | 'reason';
export type ListsContent = Record<ListName, string[]>;

const LISTS: Array<{ list: ListName; header: string; column: string; name: string }> = [
  { list: 'sku', header: 'SKU', column: 'A', name: 'JxcSkuList' },
  { list: 'warehouse', header: 'Warehouse', column: 'B', name: 'JxcWarehouseList' },
  { list: 'reason', header: 'Reason', column: 'C', name: 'JxcReasonList' },
];

export function listSource(list: ListName): string {
  return `=${LISTS.find((l) => l.list === list)!.name}`;
}

export interface ListsHandle {
  sheet: Excel.Worksheet;
  names: Excel.NamedItemCollection;
}

/** Queues what writeLists needs to know; read it after the next sync. */
export function discoverLists(context: Excel.RequestContext): ListsHandle {
  const sheet = context.workbook.worksheets.getItemOrNullObject(LISTS_SHEET);
  const names = context.workbook.names;
  names.load('items/name');
  return { sheet, names };
}

export async function writeLists(context: Excel.RequestContext, writer: ChunkedWriter, handle: ListsHandle, lists: ListsContent): Promise<void> {
  let sheet = handle.sheet;
  if (sheet.isNullObject) {
    sheet = context.workbook.worksheets.add(LISTS_SHEET);
    sheet.visibility = 'Hidden';
  } else {
    sheet.getRange().clear('Contents');
  }
  const height = Math.max(1, ...LISTS.map((l) => lists[l.list].length));
  sheet.getRangeByIndexes(0, 0, height + 1, LISTS.length).numberFormat = broadcast('@');
  const rows: CellValue[][] = [LISTS.map((l) => l.header)];
  for (let i = 0; i < height; i++) rows.push(LISTS.map((l) => lists[l.list][i] ?? ''));
  await writer.writeRows(sheet, 0, 0, rows);
  const existing = new Set(handle.names.items.map((n) => n.name.toLowerCase()));
  for (const l of LISTS) {
    const last = Math.max(2, lists[l.list].length + 1);
    const reference = `=${LISTS_SHEET}!$${l.column}$2:$${l.column}$${last}`;
    if (existing.has(l.name.toLowerCase())) handle.names.getItem(l.name).formula = reference;
    else handle.names.add(l.name, reference);
  }
}
