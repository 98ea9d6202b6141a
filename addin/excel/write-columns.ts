/**
 * Writes results back beside what the clerk typed: one 2D array per column
 * per chunk, with `null` for "leave this cell as it is" (Office.js skips null
 * entries), so input cells are never touched and untouched rows cost nothing.
 */
import { ChunkedWriter } from './chunked-writer';
import { CellValue, runExcel } from './excel-run';
import { jsonBytes, REQUEST_BUDGET_BYTES } from './limits';
import { Progress } from './read-sheet';

export interface ColumnUpdate {
  /** Zero-based column on the sheet. */
  column: number;
  /** One entry per row from `top`; null leaves the cell as it is. */
  values: Array<CellValue | null>;
}

interface Piece {
  column: number;
  start: number;
  values: Array<CellValue | null>;
  bytes: number;
}

/** Splits each column's changed span into pieces that fit the request budget. */
function piecesOf(update: ColumnUpdate, budget: number): Piece[] {
  const first = update.values.findIndex((v) => v !== null);
  if (first < 0) return [];
  let last = update.values.length - 1;
  while (update.values[last] === null) last--;
  const pieces: Piece[] = [];
  let start = first;
  let bytes = 0;
  for (let i = first; i <= last; i++) {
    const b = jsonBytes(update.values[i]) + 3;
    if (i > start && bytes + b > budget) {
      pieces.push({ column: update.column, start, values: update.values.slice(start, i), bytes });
      start = i;
      bytes = 0;
    }
    bytes += b;
  }
  pieces.push({ column: update.column, start, values: update.values.slice(start, last + 1), bytes });
  return pieces;
}

export async function writeColumns(sheetName: string, top: number, updates: ColumnUpdate[], onProgress?: Progress): Promise<void> {
  const pieces = updates.flatMap((u) => piecesOf(u, REQUEST_BUDGET_BYTES));
  if (pieces.length === 0) return;
  await runExcel(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName);
    const writer = new ChunkedWriter(context);
    let done = 0;
    for (const piece of pieces) {
      await writer.queue(piece.bytes, () => {
        sheet.getRangeByIndexes(top + piece.start, piece.column, piece.values.length, 1).values = piece.values.map((v) => [v]) as CellValue[][];
      });
      done += 1;
      onProgress?.(done, pieces.length);
    }
    await writer.flush();
  });
}
