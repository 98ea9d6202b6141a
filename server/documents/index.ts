/** The document framework purchasing, sales and finance are built on (DESIGN.md §4 "Documents"). */
export { documentAmounts, lineAmounts, toBase } from './amounts';
export type { DocumentAmounts, DocumentLineAmounts, LineAmounts, PricedLine, PricingTerms } from './amounts';
export { assertWithinApprovalLimit } from './approval';
export { nextDocumentNumber } from './numbering';
export type { DocType } from './numbering';
export {
  assertAllowed,
  assertEditable,
  INVOICE_STATUS,
  ORDER_STATUS,
  orderProgressStatus,
  POSTED_STATUS,
  stillToDeliver,
  stillToInvoice,
  transition,
} from './status';
export type { InvoiceAction, InvoiceStatus, LineProgress, OrderAction, OrderStatus, PostedStatus, StatusMachine } from './status';
