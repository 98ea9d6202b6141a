/**
 * An in-memory stand-in for the subset of the Excel JavaScript API that JXC
 * uses, faithful to its load/sync semantics. Installed as the `Excel` global
 * by the preview page and by tests; `createFakeExcel()` returns the namespace,
 * its workbook and the sync statistics.
 */
import { FakeRequestContext, FakeRunOptions, FakeStats } from './fake-context';
import { FakeNamedItemCollection } from './fake-names';
import { FakeRange } from './fake-range';
import { FakeTableCollection } from './fake-table';
import { FakeWorksheetCollection } from './fake-worksheet';
import { FakeExcelError, WorkbookModel } from './workbook-model';

export class FakeWorkbook {
  readonly worksheets: FakeWorksheetCollection;
  readonly tables: FakeTableCollection;
  readonly names: FakeNamedItemCollection;
  readonly onSelectionChanged: FakeSelectionEvents;

  constructor(private readonly context: FakeRequestContext) {
    this.worksheets = new FakeWorksheetCollection(context, () => context.model.sheets, 'worksheets');
    this.tables = new FakeTableCollection(context, null);
    this.names = new FakeNamedItemCollection(context, () => context.model.names, 'names');
    this.onSelectionChanged = new FakeSelectionEvents(context);
  }

  /** The selected cell of the active sheet (the fake selects one cell at a time). */
  getSelectedRange(): FakeRange {
    const model = this.context.model;
    return new FakeRange(
      this.context,
      () => {
        const sheet = model.activeSheet;
        return sheet ? { sheet, rect: { row: sheet.selection.row, column: sheet.selection.column, rowCount: 1, columnCount: 1 } } : null;
      },
      'workbook.getSelectedRange()',
    );
  }
}

/** What `add` answers, as OfficeExtension.EventHandlerResult: the context it was added in, and `remove`. */
export interface FakeEventHandlerResult {
  context: FakeRequestContext;
  remove(): void;
}

/** Workbook.onSelectionChanged: a handler added at sync hears every later move of the selection until removed. */
export class FakeSelectionEvents {
  constructor(private readonly context: FakeRequestContext) {}

  add(handler: (args: { type: 'SelectionChanged' }) => Promise<unknown>): FakeEventHandlerResult {
    let stop: (() => void) | null = null;
    const model = this.context.model;
    this.context.enqueue({ payload: { path: 'workbook.onSelectionChanged', op: 'add' }, run: () => void (stop = model.onSelectionChange(() => void handler({ type: 'SelectionChanged' }))) });
    // Office queues the removal on the handler's own context; the fake's contexts close with their run, so it takes effect at once.
    return { context: this.context, remove: () => void stop?.() };
  }
}

export class FakeExcelContext extends FakeRequestContext {
  readonly workbook = new FakeWorkbook(this);
}

type Batch<T> = (context: FakeExcelContext) => Promise<T>;

export interface FakeExcel {
  run<T>(optionsOrBatch: FakeRunOptions | Batch<T>, batch?: Batch<T>): Promise<T>;
  SheetVisibility: { visible: 'Visible'; hidden: 'Hidden'; veryHidden: 'VeryHidden' };
  ConditionalFormatType: { containsText: 'ContainsText' };
  ConditionalTextOperator: { contains: 'Contains' };
  ClearApplyTo: { all: 'All'; contents: 'Contents'; formats: 'Formats' };
}

export interface FakeExcelHandle {
  Excel: FakeExcel;
  model: WorkbookModel;
  stats: FakeStats;
}

export function createFakeExcel(model: WorkbookModel = new WorkbookModel()): FakeExcelHandle {
  const stats = new FakeStats();
  const Excel: FakeExcel = {
    async run<T>(optionsOrBatch: FakeRunOptions | Batch<T>, maybeBatch?: Batch<T>): Promise<T> {
      const options = typeof optionsOrBatch === 'function' ? {} : optionsOrBatch;
      const batch = typeof optionsOrBatch === 'function' ? optionsOrBatch : maybeBatch;
      if (!batch) throw new FakeExcelError('InvalidArgument', 'Excel.run needs a batch function.');
      stats.runCount += 1;
      stats.runOptions.push({ ...options });
      const context = new FakeExcelContext(model, stats, options);
      try {
        const result = await batch(context);
        if (context.pending > 0) await context.sync();
        return result;
      } finally {
        context.close();
      }
    },
    SheetVisibility: { visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' },
    ConditionalFormatType: { containsText: 'ContainsText' },
    ConditionalTextOperator: { contains: 'Contains' },
    ClearApplyTo: { all: 'All', contents: 'Contents', formats: 'Formats' },
  };
  return { Excel, model, stats };
}

/** Makes the fake the `Excel` global the add-in's Excel layer calls. */
export function installFakeExcel(handle: FakeExcelHandle): void {
  (globalThis as unknown as { Excel: FakeExcel }).Excel = handle.Excel;
}

export { FakeExcelError, WorkbookModel };
