/** Installs a fresh fake Excel as the `Excel` global for an add-in test. */
import { createFakeExcel, FakeExcelHandle, installFakeExcel, WorkbookModel } from '../../addin/preview/fake-excel/fake-excel';

export function useFakeExcel(): FakeExcelHandle {
  const handle = createFakeExcel(new WorkbookModel('Sheet1'));
  installFakeExcel(handle);
  return handle;
}

/** The values of a sheet's cells in a rectangle, as plain arrays ('' for empty). */
export function sheetValues(handle: FakeExcelHandle, sheetName: string, rows: number, columns: number, top = 0, left = 0): unknown[][] {
  const sheet = handle.model.sheetByName(sheetName);
  if (!sheet) throw new Error(`no sheet ${sheetName}`);
  return Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => sheet.read(top + r, left + c)));
}
