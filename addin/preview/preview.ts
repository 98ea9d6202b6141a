/**
 * The preview page: the real task pane beside an HTML grid over the
 * in-memory workbook, so JXC can be tried (and driven by tests) in any
 * browser. The fake `Excel` global is installed before the task pane starts.
 */
import '../taskpane/strict-csp';
import { currentHost } from '../taskpane/host';
import { startTaskPane } from '../taskpane/task-pane';
import { translator, languageOf } from '../i18n';
import { createFakeExcel, installFakeExcel, WorkbookModel } from './fake-excel/fake-excel';
import { WorkbookGrid } from './grid';
import { parseAddress } from '../excel/a1';

const handle = createFakeExcel(new WorkbookModel('Sheet1'));
installFakeExcel(handle);

/** A handle for people poking around in the console and for end-to-end tests. */
const preview = {
  model: handle.model,
  stats: handle.stats,
  /** Types (or pastes) a block of values at an address, as a person would. */
  typeValues(sheetName: string, address: string, values: unknown[][]): void {
    const sheet = handle.model.sheetByName(sheetName);
    const parsed = parseAddress(address);
    if (!sheet || !parsed) throw new Error(`no sheet ${sheetName} or bad address ${address}`);
    handle.model.typeValues(sheet, parsed.rect.row, parsed.rect.column, values);
  },
  /** What a cell holds. */
  value(sheetName: string, address: string): unknown {
    const sheet = handle.model.sheetByName(sheetName);
    const parsed = parseAddress(address);
    return sheet && parsed ? (sheet.get(parsed.rect.row, parsed.rect.column) ?? '') : undefined;
  },
  sheetNames(): string[] {
    return handle.model.sheets.map((s) => s.name);
  },
};
(window as unknown as { jxcPreview: typeof preview }).jxcPreview = preview;

function start(): void {
  // office.js outside Office may define its own Excel namespace; the fake must be the one in use.
  installFakeExcel(handle);
  const host = { ...currentHost(), partitionKey: 'jxc-preview' };
  const t = translator(languageOf(host.displayLanguage));
  const gridRoot = document.getElementById('workbook');
  if (gridRoot) new WorkbookGrid(gridRoot, handle.model, { rowsShown: (shown, total) => t('preview.rowsShown', { shown, total }), showHidden: t('preview.showHidden') });
  const pane = document.getElementById('app');
  if (pane) void startTaskPane(pane, host);
}

if (typeof Office !== 'undefined' && typeof Office.onReady === 'function') void Office.onReady(() => start());
else start();
