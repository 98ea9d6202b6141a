/**
 * The sales returns sheet (销售退货): the clerk types the shipment number
 * the goods left on, the SKU, the quantity coming back, the batch when it
 * matters, and why. Rows of one shipment (and date) form one return; the
 * server brings the stock back at the cost it left with, and a row whose
 * goods were invoiced shows the credit note it raised beside the return.
 */
import { salesReturnRequest, SalesReturnRequest } from '../../contract/shipments';
import { parseDate, parseNumber, parseText } from './cells';
import type { DocumentKind, DocumentOutcome, ParsedRow } from './document-sheet';
import { DOC_KEY_COLUMN, DOC_REF_COLUMN, DOC_STATUS_COLUMN, SheetLayout, SheetRows } from './layout';
import type { Lookups } from './lookups';
import { checkBatch, readItem, readOptional } from './row-readers';
import { okStatus, RowMessage, RowStatus } from './row-status';

export const SALES_RETURN_LAYOUT: SheetLayout = {
  kind: 'salesReturns',
  names: { zh: '销售退货', en: 'Sales returns' },
  tablePrefix: 'JxcSalesReturns',
  columns: [
    DOC_REF_COLUMN,
    { key: 'shipment', zh: '发货单号', en: 'Shipment', kind: 'text', width: 110, input: true, aliases: ['发货单', '出库单号', 'shipment number'] },
    { key: 'date', zh: '退货日期', en: 'Date', kind: 'date', width: 75, input: true, aliases: ['日期', 'return date'] },
    { key: 'sku', zh: '商品编码', en: 'SKU', kind: 'text', width: 90, input: true, list: 'sku', aliases: ['编码', '货号', 'item code'] },
    { key: 'qty', zh: '退货数量', en: 'Qty', kind: 'qty', width: 70, input: true, aliases: ['数量', 'quantity', 'qty returned'] },
    { key: 'batchNo', zh: '批次号', en: 'Batch', kind: 'text', width: 80, input: true, aliases: ['批号', 'batch no', 'lot'] },
    { key: 'reason', zh: '退货原因', en: 'Reason', kind: 'text', width: 140, input: true, aliases: ['原因'] },
    DOC_STATUS_COLUMN,
    DOC_KEY_COLUMN,
  ],
};

export interface ReturnHeader {
  shipmentNumber: string;
  date: string | null;
}

type ReturnLine = SalesReturnRequest['lines'][number] & { reason?: string };

function parseReturnRow(rows: SheetRows, index: number, lookups: Lookups): ParsedRow<ReturnHeader, ReturnLine> {
  const messages: RowMessage[] = [];
  const shipmentNumber = readOptional(parseText(rows.cell(index, 'shipment'), { required: true, max: 32 }), 'shipment', messages) ?? '';
  const date = readOptional(parseDate(rows.cell(index, 'date')), 'date', messages);
  const { sku, item } = readItem(rows, index, lookups, messages);
  const qty = readOptional(parseNumber(rows.cell(index, 'qty'), { scale: 'qty', required: true, positive: true }), 'qty', messages);
  const batchNo = readOptional(parseText(rows.cell(index, 'batchNo'), { max: 64 }), 'batchNo', messages);
  const reason = readOptional(parseText(rows.cell(index, 'reason'), { max: 200 }), 'reason', messages);
  // Goods coming back into stock they left from: an untracked item names no batch, a tracked one may leave it to the shipment.
  checkBatch(item, false, batchNo, null, messages);
  const line: ReturnLine = { sku, qty: qty ?? 0, ...(batchNo ? { batchNo } : {}), ...(reason ? { reason } : {}) };
  return { header: { shipmentNumber, date }, line, messages };
}

/** The return's number, and the credit note it raised for goods already invoiced. */
function returnStatus(outcome: DocumentOutcome): RowStatus {
  const creditNote = outcome.document?.creditNoteNumber;
  return typeof creditNote === 'string' && creditNote
    ? okStatus('row.returnWithCreditNote', { number: outcome.number!, creditNote })
    : okStatus('row.posted', { number: outcome.number! });
}

export const SALES_RETURN_KIND: DocumentKind<ReturnHeader, ReturnLine, Lookups> = {
  layout: SALES_RETURN_LAYOUT,
  refPrefix: 'srt',
  parseRow: parseReturnRow,
  headerKey: (h) => `${h.shipmentNumber.toLowerCase()}|${h.date ?? ''}`,
  headerDifferences: (a, b) => [...(a.shipmentNumber.toLowerCase() !== b.shipmentNumber.toLowerCase() ? ['shipment'] : []), ...(a.date !== b.date ? ['date'] : [])],
  postedStatus: returnStatus,
  // One reason per return: the first row's that has one, as a journal takes its first memo.
  buildDocument: (h, lines): SalesReturnRequest => {
    const reason = lines.find((l) => l.reason)?.reason;
    return { shipmentNumber: h.shipmentNumber, ...(h.date ? { date: h.date } : {}), ...(reason ? { reason } : {}), lines: lines.map(({ reason: _, ...line }) => line) };
  },
  schema: salesReturnRequest,
  fieldColumns: {
    shipmentId: 'shipment',
    shipmentNumber: 'shipment',
    date: 'date',
    reason: 'reason',
    shipmentLineId: 'sku',
    itemId: 'sku',
    sku: 'sku',
    qty: 'qty',
    batchNo: 'batchNo',
  },
};
