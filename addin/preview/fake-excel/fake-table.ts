/** Table proxies of the fake: add over a range with headers, find by name, ranges of parts, delete. */
import { parseAddress, Rect } from '../../excel/a1';
import { FakeCollection } from './fake-collection';
import { FakeObject, FakeRequestContext, Slot } from './fake-context';
import { FakeRange } from './fake-range';
import type { FakeWorksheet } from './fake-worksheet';
import { FakeExcelError, TableModel } from './workbook-model';

export class FakeTable extends FakeObject<TableModel> {
  protected defaultProps(): string[] {
    return ['name', 'style'];
  }

  protected snapshot(table: TableModel, prop: string): unknown {
    if (prop === 'name') return table.name;
    if (prop === 'style') return table.style;
    throw new FakeExcelError('NotImplemented', `The fake does not load Table.${prop}.`);
  }

  get name(): string {
    return this.read('name');
  }
  set name(name: string) {
    this.write('name', name, (table) => this.context.model.renameTable(table, name));
  }

  get style(): string {
    return this.read('style');
  }
  set style(style: string) {
    this.write('style', style, (table) => void (table.style = style));
  }

  private part(name: string, pick: (t: TableModel) => Rect): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this.entity();
      return { sheet: t.sheet, rect: pick(t) };
    }, `${this.path}.${name}`);
  }

  getRange(): FakeRange {
    return this.part('getRange()', (t) => t.rect);
  }

  getHeaderRowRange(): FakeRange {
    return this.part('getHeaderRowRange()', (t) => ({ ...t.rect, rowCount: 1 }));
  }

  getDataBodyRange(): FakeRange {
    return this.part('getDataBodyRange()', (t) => ({ ...t.rect, row: t.rect.row + 1, rowCount: t.rect.rowCount - 1 }));
  }

  delete(): void {
    this.invoke('delete', [], (table) => this.context.model.deleteTable(table));
  }
}

export class FakeTableCollection extends FakeCollection<TableModel, FakeTable> {
  constructor(
    context: FakeRequestContext,
    private readonly sheet: FakeWorksheet | null,
  ) {
    super(context, () => (sheet ? context.model.tablesOn(sheet.entity()) : context.model.tables), sheet ? 'worksheet.tables' : 'workbook.tables');
  }

  protected proxyFor(table: TableModel): FakeTable {
    return new FakeTable(this.context, () => table, `tables[${table.id}]`);
  }

  add(address: string, hasHeaders: boolean): FakeTable {
    const slot = new Slot<TableModel>();
    this.context.enqueue({
      payload: { path: this.path, op: 'add', address, hasHeaders },
      run: () => {
        if (!hasHeaders) throw new FakeExcelError('NotImplemented', 'The fake adds tables with headers only.');
        const parsed = parseAddress(address);
        if (!parsed) throw new FakeExcelError('InvalidArgument', `"${address}" is not a valid address.`);
        const sheet = this.sheet ? this.sheet.entity() : parsed.sheet ? this.context.model.sheetByName(parsed.sheet) : this.context.model.activeSheet;
        if (!sheet) throw new FakeExcelError('ItemNotFound', `No sheet for ${address}.`);
        slot.value = this.context.model.addTable(sheet, parsed.rect);
      },
    });
    return new FakeTable(this.context, slot.get, `tables.add(${address})`);
  }

  getItem(name: string): FakeTable {
    return new FakeTable(this.context, () => this.scoped(name), `tables.getItem(${name})`);
  }

  getItemOrNullObject(name: string): FakeTable {
    return new FakeTable(this.context, () => this.scoped(name), `tables.getItemOrNullObject(${name})`, true);
  }

  private scoped(name: string): TableModel | null {
    const table = this.context.model.tableByName(name);
    if (!table || (this.sheet && table.sheet !== this.sheet.entity())) return null;
    return table;
  }
}

