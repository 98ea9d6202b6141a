/**
 * Every Excel batch of the add-in goes through here: `delayForCellEdit` so a
 * clerk typing in a cell is never interrupted, and Office errors turned into
 * one error type the task pane can put in plain words.
 */
export type CellValue = string | number | boolean;

export class ExcelProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ExcelProblem';
  }
}

/** One value for every cell of a range: Office.js applies a single value to the whole range ("single input copy"). */
export function broadcast(value: string): string[][] {
  return value as unknown as string[][];
}

export const PAYLOAD_TOO_LARGE = new Set(['RequestPayloadSizeLimitExceeded', 'ResponsePayloadSizeLimitExceeded', 'PayloadTooLarge']);

export function isPayloadTooLarge(error: unknown): boolean {
  return PAYLOAD_TOO_LARGE.has((error as { code?: string } | null)?.code ?? '');
}

export async function runExcel<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
  try {
    return await Excel.run({ delayForCellEdit: true }, batch);
  } catch (error) {
    if (error instanceof ExcelProblem) throw error;
    const e = error as { code?: string; message?: string } | null;
    throw new ExcelProblem(e?.code ?? 'Unknown', e?.message ?? String(error));
  }
}
