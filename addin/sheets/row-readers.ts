/**
 * Cell readers shared by the sheets: each reads one cell of a row, records a
 * message against the column when the cell is wrong, and answers the value.
 */
import { CellError, parseText } from './cells';
import type { AccountRef, CashAccountRef, FinanceLookups } from './finance-lookups';
import type { SheetRows } from './layout';
import type { ItemRef, Lookups, WarehouseRef } from './lookups';
import type { PurchaseLookups, SupplierRef } from './purchase-lookups';
import type { MessageKey } from '../i18n';
import { cellMessage, RowMessage } from './row-status';

export function readOptional<T>(parsed: { ok: true; value: T } | { ok: false; error: CellError }, column: string, messages: RowMessage[]): T | null {
  if (parsed.ok) return parsed.value;
  messages.push(cellMessage(column, parsed.error));
  return null;
}

/** A warehouse cell (code or name): known, and within the user's scope. */
export function readWarehouse(rows: SheetRows, index: number, column: string, lookups: Lookups, messages: RowMessage[]): WarehouseRef | null {
  const text = readOptional(parseText(rows.cell(index, column), { required: true, max: 100 }), column, messages);
  if (text === null) return null;
  const warehouse = lookups.warehouse(text);
  if (!warehouse) {
    messages.push({ key: 'row.unknownWarehouse', params: { value: text }, column });
    return null;
  }
  if (!lookups.mayUse(warehouse)) {
    messages.push({ key: 'row.warehouseNotAllowed', params: { value: warehouse.code }, column });
    return null;
  }
  return warehouse;
}

/** A SKU cell known to the server as far as the Lists cache knows; answers the item and the server's spelling of its SKU. */
export function readItem(rows: SheetRows, index: number, lookups: Lookups, messages: RowMessage[]): { sku: string; item: ItemRef | null } {
  const text = readOptional(parseText(rows.cell(index, 'sku'), { required: true, max: 64 }), 'sku', messages);
  if (text === null) return { sku: '', item: null };
  const item = lookups.item(text) ?? null;
  if (!item) messages.push({ key: 'row.unknownSku', params: { value: text }, column: 'sku' });
  return { sku: item?.sku ?? text, item };
}

/**
 * The server's batch rules, checked before sending: an untracked item takes
 * no batch or expiry; stock added to a tracked item needs its batch (an
 * issue without one is allocated earliest-expiry-first).
 */
export function checkBatch(item: ItemRef | null, adds: boolean, batchNo: string | null, expiryDate: string | null, messages: RowMessage[]): void {
  if (!item) return;
  if (!item.batchTracked && batchNo) messages.push({ key: 'row.batchNotTracked', column: 'batchNo' });
  if (!item.batchTracked && expiryDate) messages.push({ key: 'row.batchNotTracked', column: 'expiryDate' });
  if (item.batchTracked && adds && !batchNo) messages.push({ key: 'row.batchRequired', column: 'batchNo' });
}

/** An account cell: a known account that takes postings — a leaf, and active. */
export function readAccount(rows: SheetRows, index: number, column: string, lookups: FinanceLookups, messages: RowMessage[]): AccountRef | null {
  const cell = rows.cell(index, column);
  const text = readOptional(parseText(cell, { required: true, max: 120 }), column, messages);
  if (text === null) return null;
  const account = lookups.account(typeof cell === 'number' ? cell : text);
  if (!account) messages.push({ key: 'row.unknownAccount', params: { value: text }, column });
  else if (!account.leaf) messages.push({ key: 'row.parentAccount', params: { value: account.code }, column });
  else if (!account.active) messages.push({ key: 'row.inactiveAccount', params: { value: account.code }, column });
  else return account;
  return null;
}

/** A cash or bank account cell (code or name): known and active. */
export function readCashAccount(rows: SheetRows, index: number, column: string, lookups: FinanceLookups, messages: RowMessage[]): CashAccountRef | null {
  const text = readOptional(parseText(rows.cell(index, column), { required: true, max: 100 }), column, messages);
  if (text === null) return null;
  const account = lookups.cashAccount(text);
  if (!account) messages.push({ key: 'row.unknownCashAccount', params: { value: text }, column });
  else if (!account.active) messages.push({ key: 'row.inactiveCashAccount', params: { value: account.code }, column });
  else return account;
  return null;
}

/** A memo cell (摘要): optional, up to the 500 characters the server keeps. */
export function readMemo(rows: SheetRows, index: number, messages: RowMessage[]): string | null {
  return readOptional(parseText(rows.cell(index, 'memo'), { max: 500 }), 'memo', messages);
}

/** A document's memo: the first of its lines' memos. */
export function firstMemo(lines: Array<{ memo?: string }>): string | undefined {
  return lines.find((l) => l.memo)?.memo;
}

/** A partner cell (code or name) found by `find`: known and active, else the complaint of `keys`. */
export function readPartner<P extends { code: string; active: boolean }>(
  rows: SheetRows,
  index: number,
  column: string,
  find: (text: string) => P | undefined,
  keys: { unknown: MessageKey; inactive: MessageKey },
  messages: RowMessage[],
): P | null {
  const text = readOptional(parseText(rows.cell(index, column), { required: true, max: 200 }), column, messages);
  if (text === null) return null;
  const partner = find(text);
  if (!partner) messages.push({ key: keys.unknown, params: { value: text }, column });
  else if (!partner.active) messages.push({ key: keys.inactive, params: { value: partner.code }, column });
  else return partner;
  return null;
}

/** A supplier cell (code or name): known and active. */
export function readSupplier(rows: SheetRows, index: number, column: string, lookups: PurchaseLookups, messages: RowMessage[]): SupplierRef | null {
  return readPartner(rows, index, column, (text) => lookups.supplier(text), { unknown: 'row.unknownSupplier', inactive: 'row.inactiveSupplier' }, messages);
}

/** The id a pulled row carries in a hidden column; a row JXC did not pull has none. */
export function readPulledId(rows: SheetRows, index: number, column: string, messages: RowMessage[], shownIn = column): number | null {
  const text = parseText(rows.cell(index, column), { required: true, max: 20 });
  const n = text.ok && text.value && /^\d+$/.test(text.value) ? Number(text.value) : null;
  if (n === null) messages.push({ key: 'row.notPulled', column: shownIn });
  return n;
}
