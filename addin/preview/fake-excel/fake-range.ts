/**
 * Range proxies of the fake: values and number formats (2D arrays, a single
 * value for the whole range, `null` meaning "leave this cell"), widths,
 * fills, hidden columns, list validation and text-colour rules.
 */
import { MAX_COLUMNS, MAX_ROWS, quoteSheetName, Rect, rectAddress } from '../../excel/a1';
import { chargeRead, FakeObject, FakeRequestContext, Response, Slot } from './fake-context';
import { FakeWorksheet } from './fake-worksheet';
import { FakeExcelError, overlaps, SheetModel, TextColorRule } from './workbook-model';

export interface RangeEntity {
  sheet: SheetModel;
  rect: Rect;
}

function cellCount(rect: Rect): number {
  return rect.rowCount * rect.columnCount;
}

/** Applies a 2D array (or one value for every cell) to a rectangle; `null` entries change nothing. */
function applyGrid(rect: Rect, input: unknown, prop: string, put: (r: number, c: number, v: unknown) => void): void {
  if (!Array.isArray(input)) {
    if (cellCount(rect) > 5_000_000) throw new FakeExcelError('InvalidArgument', `Setting ${prop} on ${cellCount(rect)} cells at once is refused.`);
    for (let r = 0; r < rect.rowCount; r++) for (let c = 0; c < rect.columnCount; c++) put(rect.row + r, rect.column + c, input);
    return;
  }
  const rows = input as unknown[];
  if (rows.length !== rect.rowCount || rows.some((line) => !Array.isArray(line) || line.length !== rect.columnCount)) {
    throw new FakeExcelError('InvalidArgument', `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${prop}).`);
  }
  rows.forEach((line, r) => (line as unknown[]).forEach((v, c) => put(rect.row + r, rect.column + c, v)));
}

export class FakeRange extends FakeObject<RangeEntity> {
  private formatProxy: FakeRangeFormat | undefined;
  private validationProxy: FakeDataValidation | undefined;
  private conditionalProxy: FakeConditionalFormats | undefined;

  constructor(context: FakeRequestContext, resolver: () => RangeEntity | null, path: string, nullable = false) {
    super(context, resolver, path, nullable);
  }

  protected defaultProps(): string[] {
    return ['address', 'rowIndex', 'columnIndex', 'rowCount', 'columnCount', 'values', 'numberFormat'];
  }

  protected snapshot(e: RangeEntity, prop: string, response: Response): unknown {
    const { sheet, rect } = e;
    switch (prop) {
      case 'address':
        return `${quoteSheetName(sheet.name)}!${rectAddress(rect)}`;
      case 'rowIndex':
        return rect.row;
      case 'columnIndex':
        return rect.column;
      case 'rowCount':
        return rect.rowCount;
      case 'columnCount':
        return rect.columnCount;
      case 'values':
      case 'numberFormat': {
        if (cellCount(rect) > 5_000_000) chargeRead(response, cellCount(rect), null);
        const grid: unknown[][] = [];
        for (let r = rect.row; r < rect.row + rect.rowCount; r++) {
          const line: unknown[] = new Array(rect.columnCount);
          for (let c = 0; c < rect.columnCount; c++) line[c] = prop === 'values' ? sheet.read(r, rect.column + c) : sheet.numberFormat(r, rect.column + c);
          grid.push(line);
        }
        chargeRead(response, cellCount(rect), grid);
        return grid;
      }
      case 'columnHidden':
        return Array.from({ length: rect.columnCount }, (_, i) => sheet.hiddenColumns.has(rect.column + i)).every(Boolean);
      default:
        throw new FakeExcelError('NotImplemented', `The fake does not load Range.${prop}.`);
    }
  }

  get address(): string {
    return this.read('address');
  }
  get rowIndex(): number {
    return this.read('rowIndex');
  }
  get columnIndex(): number {
    return this.read('columnIndex');
  }
  get rowCount(): number {
    return this.read('rowCount');
  }
  get columnCount(): number {
    return this.read('columnCount');
  }

  get values(): unknown[][] {
    return this.read('values');
  }
  set values(v: unknown[][]) {
    this.write('values', v, ({ sheet, rect }) => applyGrid(rect, v, 'values', (r, c, x) => sheet.put(r, c, x)));
  }

  get numberFormat(): unknown[][] {
    return this.read('numberFormat');
  }
  set numberFormat(v: unknown[][]) {
    this.write('numberFormat', v, ({ sheet, rect }) =>
      applyGrid(rect, v, 'numberFormat', (r, c, x) => {
        if (x !== null && x !== undefined) sheet.setNumberFormat(r, c, String(x));
      }),
    );
  }

  get columnHidden(): boolean {
    return this.read('columnHidden');
  }
  set columnHidden(hidden: boolean) {
    this.write('columnHidden', hidden, ({ sheet, rect }) => {
      if (rect.rowCount !== MAX_ROWS) throw new FakeExcelError('InvalidArgument', 'columnHidden can only be set on entire columns.');
      for (let c = rect.column; c < rect.column + rect.columnCount; c++) {
        if (hidden) sheet.hiddenColumns.add(c);
        else sheet.hiddenColumns.delete(c);
      }
    });
  }

  get format(): FakeRangeFormat {
    this.formatProxy ??= new FakeRangeFormat(this);
    return this.formatProxy;
  }

  get dataValidation(): FakeDataValidation {
    this.validationProxy ??= new FakeDataValidation(this);
    return this.validationProxy;
  }

  get conditionalFormats(): FakeConditionalFormats {
    this.conditionalProxy ??= new FakeConditionalFormats(this);
    return this.conditionalProxy;
  }

  /** The sheet the range is on. */
  get worksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.entity().sheet, `${this.path}.worksheet`);
  }

  getEntireColumn(): FakeRange {
    return new FakeRange(
      this.context,
      () => {
        const { sheet, rect } = this.entity();
        return { sheet, rect: { row: 0, rowCount: MAX_ROWS, column: rect.column, columnCount: rect.columnCount } };
      },
      `${this.path}.entireColumn`,
    );
  }

  clear(applyTo: 'All' | 'Contents' | 'Formats' = 'All'): void {
    this.invoke('clear', [applyTo], ({ sheet, rect }) => sheet.clear(rect, applyTo));
  }
}

export class FakeRangeFormat {
  readonly fill: { color: string };
  constructor(private readonly range: FakeRange) {
    const r = range;
    this.fill = {
      set color(color: string) {
        r.context.enqueue({ payload: { path: 'format.fill', op: 'set', color }, run: () => {
          const { sheet, rect } = r.entity();
          sheet.fills.push({ rect, color });
        } });
      },
      get color(): string {
        throw new FakeExcelError('NotImplemented', 'The fake does not load format.fill.color.');
      },
    };
  }

  set columnWidth(points: number) {
    this.range.context.enqueue({ payload: { path: 'format', op: 'set', columnWidth: points }, run: () => {
      const { sheet, rect } = this.range.entity();
      for (let c = rect.column; c < rect.column + rect.columnCount && c < MAX_COLUMNS; c++) sheet.columnWidths.set(c, points);
    } });
  }
  get columnWidth(): number {
    throw new FakeExcelError('NotImplemented', 'The fake does not load format.columnWidth.');
  }
}

interface ListRule {
  list?: { inCellDropDown: boolean; source: string };
}

export class FakeDataValidation {
  constructor(private readonly range: FakeRange) {}

  set rule(rule: ListRule) {
    this.range.context.enqueue({ payload: { path: 'dataValidation', op: 'set', rule }, run: () => {
      const { sheet, rect } = this.range.entity();
      if (!rule.list) throw new FakeExcelError('NotImplemented', 'The fake supports list validation only.');
      sheet.validations = sheet.validations.filter((v) => !overlaps(v.rect, rect));
      sheet.validations.push({ rect, source: rule.list.source, inCellDropDown: rule.list.inCellDropDown });
    } });
  }
  get rule(): ListRule {
    throw new FakeExcelError('NotImplemented', 'The fake does not load dataValidation.rule.');
  }

  clear(): void {
    this.range.context.enqueue({ payload: { path: 'dataValidation', op: 'clear' }, run: () => {
      const { sheet, rect } = this.range.entity();
      sheet.validations = sheet.validations.filter((v) => !overlaps(v.rect, rect));
    } });
  }
}

export class FakeConditionalFormats {
  constructor(private readonly range: FakeRange) {}

  add(type: string): FakeConditionalFormat {
    const slot = new Slot<TextColorRule>();
    this.range.context.enqueue({ payload: { path: 'conditionalFormats', op: 'add', type }, run: () => {
      if (type !== 'ContainsText') throw new FakeExcelError('NotImplemented', `The fake supports ContainsText conditional formats only, not ${type}.`);
      const { sheet, rect } = this.range.entity();
      slot.value = { rect, contains: '', fontColor: null };
      sheet.textColorRules.push(slot.value);
    } });
    return new FakeConditionalFormat(this.range.context, slot);
  }

  clearAll(): void {
    this.range.context.enqueue({ payload: { path: 'conditionalFormats', op: 'clearAll' }, run: () => {
      const { sheet, rect } = this.range.entity();
      sheet.textColorRules = sheet.textColorRules.filter((r) => !overlaps(r.rect, rect));
    } });
  }
}

export class FakeConditionalFormat {
  readonly textComparison: {
    format: { font: { color: string } };
    rule: { operator: string; text: string };
  };

  constructor(context: FakeRequestContext, slot: Slot<TextColorRule>) {
    const rule = (): TextColorRule => {
      if (!slot.value) throw new FakeExcelError('ItemNotFound', 'The conditional format was not created.');
      return slot.value;
    };
    const font = {
      set color(color: string) {
        context.enqueue({ payload: { op: 'set', fontColor: color }, run: () => void (rule().fontColor = color) });
      },
      get color(): string {
        throw new FakeExcelError('NotImplemented', 'The fake does not load conditional font colours.');
      },
    };
    this.textComparison = {
      format: { font },
      set rule(r: { operator: string; text: string }) {
        context.enqueue({ payload: { op: 'set', rule: r }, run: () => {
          if (r.operator !== 'Contains') throw new FakeExcelError('NotImplemented', `The fake supports the Contains operator only, not ${r.operator}.`);
          rule().contains = r.text;
        } });
      },
      get rule(): { operator: string; text: string } {
        throw new FakeExcelError('NotImplemented', 'The fake does not load conditional rules.');
      },
    };
  }
}
