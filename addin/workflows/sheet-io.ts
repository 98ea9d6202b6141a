/**
 * Between the pure sheet layouts and the Excel layer: a layout becomes a
 * table spec to write, a read sheet becomes rows addressed by column key, and
 * row statuses become the column arrays written back.
 */
import { ColumnUpdate, writeColumns } from '../excel/write-columns';
import { readSheet } from '../excel/read-sheet';
import type { SheetMatch } from '../excel/sheet-match';
import type { TableSheetSpec } from '../excel/write-table-sheet';
import type { Cell } from '../sheets/cells';
import { headerOf, INPUT_FILL, locateColumns, numberFormatOf, SheetLayout, SheetRows } from '../sheets/layout';
import type { ListsContent } from '../sheets/lookups';
import { renderStatus, RowStatus, STATUS_COLORS } from '../sheets/row-status';
import { fractionOf, WorkflowContext, WorkflowError } from './context';
import type { MessageKey } from '../i18n';

export function matchOf(layout: SheetLayout, prefixed = false): SheetMatch {
  const names = [layout.names.zh, layout.names.en];
  return prefixed ? { names: [], prefixes: names.map((n) => `${n} `), tablePrefix: layout.tablePrefix } : { names, tablePrefix: layout.tablePrefix };
}

export function tableSpec(
  ctx: WorkflowContext,
  layout: SheetLayout,
  rows: Cell[][],
  options: { sheetName?: string; tableName?: string; lists?: ListsContent; refresh: boolean },
): TableSheetSpec {
  const statusIndex = layout.columns.findIndex((c) => c.kind === 'status');
  return {
    sheetName: options.sheetName ?? layout.names[ctx.language],
    match: options.refresh ? matchOf(layout) : null,
    tableName: options.tableName ?? layout.tablePrefix,
    columns: layout.columns.map((c) => ({
      header: headerOf(c, ctx.language),
      width: c.width,
      numberFormat: numberFormatOf(c.kind),
      ...(c.input ? { fill: INPUT_FILL } : {}),
      ...(c.hidden ? { hidden: true } : {}),
      ...(c.list ? { list: c.list } : {}),
    })),
    rows,
    ...(statusIndex >= 0 ? { statusColumn: { index: statusIndex, rules: STATUS_COLORS } } : {}),
    ...(options.lists ? { lists: options.lists } : {}),
  };
}

/** Reads the sheet of a layout and finds its columns by header text, or says plainly what is wrong. */
export async function readLayout(ctx: WorkflowContext, layout: SheetLayout, match: SheetMatch, action: MessageKey): Promise<SheetRows> {
  ctx.progress('progress.reading', null);
  const grid = await readSheet(match, (done, total) => ctx.progress('progress.reading', fractionOf(done, total)));
  const sheetName = layout.names[ctx.language];
  if (!grid) throw new WorkflowError('error.noSheet', { sheet: sheetName, action: ctx.t(action) });
  if (grid.header.length === 0) throw new WorkflowError('error.emptySheet', { sheet: grid.sheetName });
  const located = locateColumns(grid.header, layout);
  if (!located.ok) {
    const columns = located.missing.map((c) => `“${headerOf(c, ctx.language)}”`).join(', ');
    throw new WorkflowError('error.missingColumns', { sheet: grid.sheetName, columns });
  }
  return new SheetRows(grid, located.positions);
}

export interface RowWrites {
  statuses?: Map<number, RowStatus>;
  keys?: Map<number, string>;
  /** Other columns by layout key (the count sheet's variance). */
  columns?: Record<string, Map<number, Cell>>;
}

/** Writes statuses, keys and result columns of the given rows; every other cell is left alone. */
export async function writeRowResults(ctx: WorkflowContext, layout: SheetLayout, rows: SheetRows, writes: RowWrites): Promise<void> {
  const updates: ColumnUpdate[] = [];
  const column = (key: string, values: Map<number, Cell>) => {
    const sheetColumn = rows.sheetColumn(key);
    if (sheetColumn === undefined || values.size === 0) return;
    const array: Array<Cell | null> = new Array(rows.count).fill(null);
    for (const [row, value] of values) array[row] = value;
    updates.push({ column: sheetColumn, values: array });
  };
  if (writes.statuses) {
    const texts = new Map<number, Cell>();
    for (const [row, status] of writes.statuses) texts.set(row, renderStatus(status, layout, ctx.t, ctx.language));
    column('status', texts);
  }
  if (writes.keys) column('key', writes.keys);
  for (const [key, values] of Object.entries(writes.columns ?? {})) column(key, values);
  if (updates.length === 0) return;
  ctx.progress('progress.writing', 0);
  await writeColumns(rows.grid.sheetName, rows.firstDataRow, updates, (done, total) => ctx.progress('progress.writing', fractionOf(done, total)));
}
