// Document numbers moved to the document framework; kept here for the stock modules' imports.
export { nextDocumentNumber } from '../documents/numbering';

/** Today as YYYY-MM-DD (UTC), the default document date. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
