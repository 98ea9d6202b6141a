/** What one grid cell shows: its text under its number format, and the styling Excel would give it. */
import { contains, SheetModel, WorkbookModel } from './fake-excel/workbook-model';
import { displayValue } from './cell-display';

export interface CellLook {
  text: string;
  classes: string[];
  color: string | null;
  fill: string | null;
}

export function cellDisplay(model: WorkbookModel, sheet: SheetModel, row: number, column: number): CellLook {
  const value = sheet.get(row, column);
  const classes: string[] = [];
  if (typeof value === 'number') classes.push('num');
  if (typeof value === 'boolean') classes.push('bool');
  const table = model.tablesOn(sheet).find((t) => contains(t.rect, row, column));
  if (table) {
    if (row === table.rect.row) classes.push('table-header');
    else if ((row - table.rect.row) % 2 === 0) classes.push('table-band');
    else classes.push('table-row');
  }
  if (sheet.validationAt(row, column) && !classes.includes('table-header')) classes.push('has-list');
  if (sheet.hiddenColumns.has(column)) classes.push('hidden-column');
  return {
    text: displayValue(value, sheet.numberFormat(row, column)),
    classes,
    color: sheet.fontColorAt(row, column),
    fill: classes.includes('table-header') ? null : sheet.fillAt(row, column),
  };
}
