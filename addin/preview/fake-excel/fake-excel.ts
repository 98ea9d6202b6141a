/**
 * An in-memory stand-in for the subset of the Excel JavaScript API that JXC
 * uses, faithful to its load/sync semantics. Installed as the `Excel` global
 * by the preview page and by tests; `createFakeExcel()` returns the namespace,
 * its workbook and the sync statistics.
 */
import { FakeRequestContext, FakeRunOptions, FakeStats } from './fake-context';
import { FakeNamedItemCollection } from './fake-names';
import { FakeTableCollection } from './fake-table';
import { FakeWorksheetCollection } from './fake-worksheet';
import { FakeExcelError, WorkbookModel } from './workbook-model';

export class FakeWorkbook {
  readonly worksheets: FakeWorksheetCollection;
  readonly tables: FakeTableCollection;
  readonly names: FakeNamedItemCollection;

  constructor(context: FakeRequestContext) {
    this.worksheets = new FakeWorksheetCollection(context, () => context.model.sheets, 'worksheets');
    this.tables = new FakeTableCollection(context, null);
    this.names = new FakeNamedItemCollection(context, () => context.model.names, 'names');
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
