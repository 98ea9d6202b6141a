/** Worksheet proxies of the fake: names, visibility, ranges, used range, tables, frozen rows, activation. */
import { MAX_COLUMNS, MAX_ROWS, parseAddress, Rect } from '../../excel/a1';
import { FakeCollection } from './fake-collection';
import { FakeObject, Slot } from './fake-context';
import { FakeRange, RangeEntity } from './fake-range';
import { FakeTableCollection } from './fake-table';
import { FakeExcelError, SheetModel } from './workbook-model';

function rectOf(address: string, sheetName?: string): Rect {
  const parsed = parseAddress(address);
  if (!parsed || (parsed.sheet !== null && sheetName !== undefined && parsed.sheet.toLowerCase() !== sheetName.toLowerCase())) {
    throw new FakeExcelError('InvalidArgument', `"${address}" is not a valid address.`);
  }
  return parsed.rect;
}

export class FakeWorksheet extends FakeObject<SheetModel> {
  private tablesProxy: FakeTableCollection | undefined;

  protected defaultProps(): string[] {
    return ['name', 'visibility', 'position', 'id'];
  }

  protected snapshot(sheet: SheetModel, prop: string): unknown {
    const model = this.context.model;
    switch (prop) {
      case 'name':
        return sheet.name;
      case 'visibility':
        return sheet.visibility;
      case 'position':
        return model.sheets.indexOf(sheet);
      case 'id':
        return `{sheet-${sheet.id}}`;
      default:
        throw new FakeExcelError('NotImplemented', `The fake does not load Worksheet.${prop}.`);
    }
  }

  get name(): string {
    return this.read('name');
  }
  set name(name: string) {
    this.write('name', name, (sheet) => {
      const other = this.context.model.sheetByName(name);
      if (other && other !== sheet) throw new FakeExcelError('ItemAlreadyExists', `A sheet named "${name}" already exists.`);
      sheet.name = name;
    });
  }

  get visibility(): string {
    return this.read('visibility');
  }
  set visibility(v: string) {
    this.write('visibility', v, (sheet) => {
      if (v !== 'Visible' && v !== 'Hidden' && v !== 'VeryHidden') throw new FakeExcelError('InvalidArgument', `Unknown visibility ${v}.`);
      sheet.visibility = v;
    });
  }

  get tables(): FakeTableCollection {
    this.tablesProxy ??= new FakeTableCollection(this.context, this);
    return this.tablesProxy;
  }

  get freezePanes(): { freezeRows(count?: number): void } {
    return {
      freezeRows: (count = 1) => this.invoke('freezePanes.freezeRows', [count], (sheet) => void (sheet.frozenRows = count)),
    };
  }

  getRange(address?: string): FakeRange {
    return new FakeRange(
      this.context,
      () => ({ sheet: this.entity(), rect: address === undefined ? { row: 0, column: 0, rowCount: MAX_ROWS, columnCount: MAX_COLUMNS } : rectOf(address, this.entity().name) }),
      `${this.path}.getRange(${address ?? ''})`,
    );
  }

  getRangeByIndexes(row: number, column: number, rowCount: number, columnCount: number): FakeRange {
    return new FakeRange(
      this.context,
      () => {
        if (row < 0 || column < 0 || rowCount < 1 || columnCount < 1 || row + rowCount > MAX_ROWS || column + columnCount > MAX_COLUMNS) {
          throw new FakeExcelError('InvalidArgument', 'The range is outside the worksheet.');
        }
        return { sheet: this.entity(), rect: { row, column, rowCount, columnCount } };
      },
      `${this.path}.getRangeByIndexes(${row},${column},${rowCount},${columnCount})`,
    );
  }

  getUsedRangeOrNullObject(_valuesOnly?: boolean): FakeRange {
    return new FakeRange(
      this.context,
      (): RangeEntity | null => {
        const sheet = this.entity();
        const rect = sheet.usedRect();
        return rect ? { sheet, rect } : null;
      },
      `${this.path}.usedRange`,
      true,
    );
  }

  activate(): void {
    this.invoke('activate', [], (sheet) => this.context.model.activate(sheet));
  }

  delete(): void {
    this.invoke('delete', [], (sheet) => this.context.model.deleteSheet(sheet));
  }
}

export class FakeWorksheetCollection extends FakeCollection<SheetModel, FakeWorksheet> {
  protected proxyFor(sheet: SheetModel): FakeWorksheet {
    return new FakeWorksheet(this.context, () => sheet, `worksheets[${sheet.id}]`);
  }

  add(name?: string): FakeWorksheet {
    const slot = new Slot<SheetModel>();
    this.context.enqueue({ payload: { path: 'worksheets', op: 'add', name }, run: () => void (slot.value = this.context.model.addSheet(name)) });
    return new FakeWorksheet(this.context, slot.get, `worksheets.add(${name ?? ''})`);
  }

  getItem(name: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.context.model.sheetByName(name), `worksheets.getItem(${name})`);
  }

  getItemOrNullObject(name: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.context.model.sheetByName(name), `worksheets.getItemOrNullObject(${name})`, true);
  }

  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.context.model.activeSheet, 'worksheets.getActiveWorksheet()');
  }
}

