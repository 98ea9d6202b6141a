/**
 * Queues writes on a context and syncs only when the next one would push the
 * request past the budget, so a write of any size costs one sync per ~4 MB
 * and a small one costs none of its own.
 */
import type { CellValue } from './excel-run';
import { chunkRowsByBytes, REQUEST_BUDGET_BYTES } from './limits';

export class ChunkedWriter {
  private pendingBytes = 0;

  constructor(
    private readonly context: Excel.RequestContext,
    private readonly budget = REQUEST_BUDGET_BYTES,
  ) {}

  async queue(bytes: number, write: () => void): Promise<void> {
    if (this.pendingBytes > 0 && this.pendingBytes + bytes > this.budget) await this.flush();
    write();
    this.pendingBytes += bytes;
  }

  /** Writes rows as one 2D array per chunk, starting at (row, column). */
  async writeRows(sheet: Excel.Worksheet, row: number, column: number, rows: CellValue[][], onChunk?: (written: number) => void): Promise<void> {
    const width = rows[0]?.length ?? 0;
    if (width === 0) return;
    for (const span of chunkRowsByBytes(rows, this.budget)) {
      await this.queue(span.bytes, () => {
        sheet.getRangeByIndexes(row + span.start, column, span.end - span.start, width).values = rows.slice(span.start, span.end);
      });
      onChunk?.(span.end);
    }
  }

  async flush(): Promise<void> {
    await this.context.sync();
    this.pendingBytes = 0;
  }
}
