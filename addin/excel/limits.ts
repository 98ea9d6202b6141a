/**
 * Excel on the web refuses a request or response over 5 MB and a read of more
 * than 5,000,000 cells. The add-in stays well below both so that other
 * operations queued in the same sync still fit.
 */
export const REQUEST_BUDGET_BYTES = 4 * 1024 * 1024;
/** Cells read per sync: ~10,000 rows of a 15-column sheet in one go, far below 5 MB for ordinary text. */
export const READ_BUDGET_CELLS = 150_000;

/** UTF-8 length of the JSON a value is sent as, without allocating the encoded bytes. */
export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value) ?? '';
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Consecutive row spans whose JSON stays under the budget; a single oversized row gets a span of its own. */
export interface RowSpan {
  start: number;
  end: number;
  bytes: number;
}

export function chunkRowsByBytes(rows: ReadonlyArray<unknown>, budget = REQUEST_BUDGET_BYTES): RowSpan[] {
  const spans: RowSpan[] = [];
  let start = 0;
  let size = 0;
  rows.forEach((row, i) => {
    const bytes = jsonBytes(row) + 1;
    if (i > start && size + bytes > budget) {
      spans.push({ start, end: i, bytes: size });
      start = i;
      size = 0;
    }
    size += bytes;
  });
  if (rows.length > start) spans.push({ start, end: rows.length, bytes: size });
  return spans;
}
