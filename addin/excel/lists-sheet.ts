/**
 * The add-in's own `JXC.Lists` sheet the dropdowns read: SKUs, warehouses,
 * reasons, accounts, cash accounts, cash entry kinds, suppliers and customers, each behind a
 * workbook name (JxcSkuList, …) so a dropdown keeps working when the list
 * grows or shrinks — the name is re-pointed, the validation rule never
 * changes. A sheet writes only the lists it needs, so opening a stock sheet
 * leaves the account lists as the last finance sheet wrote them. The sheet is
 * very hidden and carries a marker cell; a sheet of that name without the
 * marker is the clerk's, and the add-in refuses to write rather than
 * overwrite it.
 */
import { columnIndex } from './a1';
import { ChunkedWriter } from './chunked-writer';
import { broadcast, CellValue, ExcelProblem } from './excel-run';

export const LISTS_SHEET = 'JXC.Lists';
/** What the marker cell starts with; the rest tells a person who unhides the sheet what it is. */
export const LISTS_MARKER = 'jxc:lists:1';
const MARKER_TEXT = `${LISTS_MARKER} — written by the JXC add-in for its dropdowns; edits here are replaced`;
/** The marker stays in E1, where workbooks written before the finance lists have it; no list uses column E. */
const MARKER_COLUMN = 4;

export type ListName = 'sku' | 'warehouse' | 'reason' | 'account' | 'cashAccount' | 'cashKind' | 'supplier' | 'customer' | 'ticketStatus' | 'ticketPriority';
/** Lists left out are not written: their columns keep what they hold. */
export type ListsContent = Partial<Record<ListName, string[]>>;

const LISTS: Array<{ list: ListName; header: string; column: string; name: string }> = [
  { list: 'sku', header: 'SKU', column: 'A', name: 'JxcSkuList' },
  { list: 'warehouse', header: 'Warehouse', column: 'B', name: 'JxcWarehouseList' },
  { list: 'reason', header: 'Reason', column: 'C', name: 'JxcReasonList' },
  { list: 'account', header: 'Account', column: 'D', name: 'JxcAccountList' },
  { list: 'cashAccount', header: 'Cash account', column: 'F', name: 'JxcCashAccountList' },
  { list: 'cashKind', header: 'Cash entry kind', column: 'G', name: 'JxcCashKindList' },
  { list: 'supplier', header: 'Supplier', column: 'H', name: 'JxcSupplierList' },
  { list: 'customer', header: 'Customer', column: 'I', name: 'JxcCustomerList' },
  // customers (xb)
  { list: 'ticketStatus', header: 'Ticket status', column: 'K', name: 'JxcTicketStatusList' },
  { list: 'ticketPriority', header: 'Ticket priority', column: 'L', name: 'JxcTicketPriorityList' },
];

/** A sheet named JXC.Lists exists that the add-in did not create. */
export class ListsSheetTaken extends ExcelProblem {
  constructor() {
    super('JxcListsSheetTaken', `The workbook has a sheet named "${LISTS_SHEET}" that JXC did not create; JXC will not overwrite it.`);
    this.name = 'ListsSheetTaken';
  }
}

export function listSource(list: ListName): string {
  return `=${LISTS.find((l) => l.list === list)!.name}`;
}

export interface ListsHandle {
  sheet: Excel.Worksheet;
  names: Excel.NamedItemCollection;
  marker: Excel.Range | null;
}

/** Queues what writeLists needs to know; read it after the next sync. */
export function discoverLists(context: Excel.RequestContext): ListsHandle {
  const sheet = context.workbook.worksheets.getItemOrNullObject(LISTS_SHEET);
  const names = context.workbook.names;
  names.load('items/name');
  return { sheet, names, marker: null };
}

/**
 * After discoverLists' sync: queues reading the marker of an existing
 * JXC.Lists sheet. Answers whether there is something to sync for it, so the
 * caller can fold it into a sync it makes anyway.
 */
export function loadListsMarker(handle: ListsHandle): boolean {
  if (handle.sheet.isNullObject) return false;
  handle.marker = handle.sheet.getRangeByIndexes(0, MARKER_COLUMN, 1, 1);
  handle.marker.load('values');
  return true;
}

/** After the marker's sync, before anything is written: refuses a JXC.Lists sheet that is not the add-in's. */
export function checkListsOwned(handle: ListsHandle): void {
  if (handle.sheet.isNullObject) return;
  const marker = handle.marker?.values[0]?.[0];
  if (!(typeof marker === 'string' && marker.startsWith(LISTS_MARKER))) throw new ListsSheetTaken();
}

function reference(column: string, last: number): string {
  // Quoted always: a sheet name starting like a column (JXC) must not read as a cell address.
  return `='${LISTS_SHEET}'!$${column}$2:$${column}$${last}`;
}

export async function writeLists(context: Excel.RequestContext, writer: ChunkedWriter, handle: ListsHandle, lists: ListsContent): Promise<void> {
  let sheet = handle.sheet;
  if (sheet.isNullObject) {
    sheet = context.workbook.worksheets.add(LISTS_SHEET);
    sheet.visibility = 'VeryHidden';
  } else {
    checkListsOwned(handle);
  }
  sheet.getRangeByIndexes(0, MARKER_COLUMN, 1, 1).values = [[MARKER_TEXT]];
  const existing = new Set(handle.names.items.map((n) => n.name.toLowerCase()));
  for (const l of LISTS) {
    const values = lists[l.list];
    if (!values) continue;
    const column = columnIndex(l.column);
    sheet.getRange(`${l.column}:${l.column}`).clear('Contents');
    sheet.getRangeByIndexes(0, column, values.length + 1, 1).numberFormat = broadcast('@');
    const rows: CellValue[][] = [[l.header], ...values.map((v) => [v])];
    await writer.writeRows(sheet, 0, column, rows);
    const formula = reference(l.column, Math.max(2, values.length + 1));
    if (existing.has(l.name.toLowerCase())) handle.names.getItem(l.name).formula = formula;
    else handle.names.add(l.name, formula);
  }
}
