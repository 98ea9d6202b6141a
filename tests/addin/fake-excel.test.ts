/**
 * The fake is only worth its tests if it is as strict as Excel: unloaded
 * properties throw, writes wait for sync, oversized requests and reads are
 * refused, and cell editing holds batches back.
 */
import { createFakeExcel, FakeExcelContext, FakeExcelHandle } from '../../addin/preview/fake-excel/fake-excel';

function fake(): FakeExcelHandle {
  return createFakeExcel();
}

describe('Fake Excel: load and sync', () => {
  test('When a property is read before load and sync, then it throws PropertyNotLoaded', async () => {
    const { Excel } = fake();
    await Excel.run(async (context: FakeExcelContext) => {
      const range = context.workbook.worksheets.getItem('Sheet1').getRange('A1:B2');
      expect(() => range.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      range.load('values');
      expect(() => range.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      await context.sync();
      expect(range.values).toEqual([
        ['', ''],
        ['', ''],
      ]);
      expect(() => range.address).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
    });
  });

  test('When values are set, then the workbook changes only at sync, and each sync is counted', async () => {
    const { Excel, model, stats } = fake();
    await Excel.run(async (context: FakeExcelContext) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A1:B1').values = [['甲', 2]];
      expect(model.sheetByName('Sheet1')!.get(0, 0)).toBeUndefined();
      await context.sync();
      expect(model.sheetByName('Sheet1')!.get(0, 0)).toBe('甲');
      expect(model.sheetByName('Sheet1')!.get(0, 1)).toBe(2);
    });
    expect(stats.syncCount).toBe(1);
  });

  test('When Excel.run ends with queued work, then it syncs once more by itself', async () => {
    const { Excel, model, stats } = fake();
    await Excel.run(async (context: FakeExcelContext) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('C3').values = [['x']];
    });
    expect(stats.syncCount).toBe(1);
    expect(model.sheetByName('Sheet1')!.get(2, 2)).toBe('x');
  });

  test('When a 2D array does not match the range, then the sync fails with InvalidArgument', async () => {
    const { Excel } = fake();
    await expect(
      Excel.run(async (context: FakeExcelContext) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('A1:B2').values = [['only one']];
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  test('When a single value is set on a range, then every cell gets it; null in an array leaves a cell alone', async () => {
    const { Excel, model } = fake();
    await Excel.run(async (context: FakeExcelContext) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.getRange('A1:A3').numberFormat = '0.000' as unknown as string[][];
      sheet.getRange('B1:B2').values = [['keep'], ['old']];
      await context.sync();
      sheet.getRange('B1:B2').values = [[null], ['new']] as unknown as string[][];
      await context.sync();
    });
    const sheet = model.sheetByName('Sheet1')!;
    expect([0, 1, 2].map((r) => sheet.numberFormat(r, 0))).toEqual(['0.000', '0.000', '0.000']);
    expect(sheet.get(0, 1)).toBe('keep');
    expect(sheet.get(1, 1)).toBe('new');
  });

  test('When numeric text is written to a General cell it becomes a number, in a text (@) cell it stays text', async () => {
    const { Excel, model } = fake();
    await Excel.run(async (context: FakeExcelContext) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.getRange('B1').numberFormat = [['@']];
      sheet.getRange('A1:B1').values = [['00123', '00123']];
    });
    const sheet = model.sheetByName('Sheet1')!;
    expect(sheet.get(0, 0)).toBe(123);
    expect(sheet.get(0, 1)).toBe('00123');
  });

  test('When getItemOrNullObject finds nothing, then isNullObject is true after sync; getItem fails at sync with ItemNotFound', async () => {
    const { Excel } = fake();
    await Excel.run(async (context: FakeExcelContext) => {
      const missing = context.workbook.worksheets.getItemOrNullObject('Nope');
      expect(() => missing.isNullObject).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      await context.sync();
      expect(missing.isNullObject).toBe(true);
    });
    await expect(
      Excel.run(async (context: FakeExcelContext) => {
        context.workbook.worksheets.getItem('Nope').getRange('A1').load('values');
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'ItemNotFound' });
  });

  test('When a proxy from a finished Excel.run is used, then it throws InvalidObjectPath', async () => {
    const { Excel } = fake();
    let stale: ReturnType<ReturnType<FakeExcelContext['workbook']['worksheets']['getItem']>['getRange']> | null = null;
    await Excel.run(async (context: FakeExcelContext) => {
      stale = context.workbook.worksheets.getItem('Sheet1').getRange('A1');
    });
    expect(() => stale!.load('values')).toThrow(expect.objectContaining({ code: 'InvalidObjectPath' }));
  });
});

describe('Fake Excel: limits', () => {
  test('When one sync carries more than 5 MB, then it is refused with RequestPayloadSizeLimitExceeded and nothing is written', async () => {
    const { Excel, model } = fake();
    const rows = Array.from({ length: 100_000 }, (_, i) => [`row ${i} with some padding text`, i, '商品名称 more padding here']);
    await expect(
      Excel.run(async (context: FakeExcelContext) => {
        context.workbook.worksheets.getItem('Sheet1').getRange(`A1:C${rows.length}`).values = rows;
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
    expect(model.sheetByName('Sheet1')!.usedRect()).toBeNull();
  });

  test('When a read covers more than 5,000,000 cells, then it is refused', async () => {
    const { Excel } = fake();
    await expect(
      Excel.run(async (context: FakeExcelContext) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('A1:Z200000').load('values');
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'ResponsePayloadSizeLimitExceeded' });
  });

  test('When a person is editing a cell, then a batch without delayForCellEdit fails and one with it waits', async () => {
    const { Excel, model } = fake();
    model.beginCellEdit();
    await expect(
      Excel.run(async (context: FakeExcelContext) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [['x']];
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidOperationInCellEditMode' });
    let done = false;
    const waiting = Excel.run({ delayForCellEdit: true }, async (context: FakeExcelContext) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [['y']];
      await context.sync();
      done = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    model.endCellEdit();
    await waiting;
    expect(model.sheetByName('Sheet1')!.get(0, 0)).toBe('y');
  });
});

describe('Fake Excel: tables, names, validation and formats', () => {
  test('When a table is added over headers, then it is found by name with its ranges; overlapping tables are refused', async () => {
    const { Excel, model } = fake();
    await Excel.run(async (context: FakeExcelContext) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.getRange('A1:B3').values = [
        ['SKU', 'Qty'],
        ['A', 1],
        ['B', 2],
      ];
      const table = sheet.tables.add('A1:B3', true);
      table.name = 'JxcTest';
      const body = table.getDataBodyRange();
      body.load('address,rowCount');
      sheet.tables.load('items/name');
      await context.sync();
      expect(body.address).toBe('Sheet1!A2:B3');
      expect(body.rowCount).toBe(2);
      expect(sheet.tables.items.map((t) => t.name)).toEqual(['JxcTest']);
    });
    expect(model.tableByName('jxctest')).not.toBeNull();
    await expect(
      Excel.run(async (context: FakeExcelContext) => {
        context.workbook.worksheets.getItem('Sheet1').tables.add('B2:C4', true);
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidOperation' });
  });

  test('When a person types just below a table, then the table grows and the new row takes the formats above', () => {
    const { model } = fake();
    const sheet = model.sheetByName('Sheet1')!;
    sheet.put(0, 0, 'SKU');
    sheet.setNumberFormat(1, 0, '@');
    const table = model.addTable(sheet, { row: 0, column: 0, rowCount: 2, columnCount: 1 });
    model.typeValues(sheet, 2, 0, [['007']]);
    expect(table.rect.rowCount).toBe(3);
    expect(sheet.get(2, 0)).toBe('007');
  });

  test('When list validation, text-colour rules, names, hidden columns and frozen rows are set, then the workbook holds them', async () => {
    const { Excel, model } = fake();
    await Excel.run(async (context: FakeExcelContext) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.getRange('A2:A100').dataValidation.rule = { list: { inCellDropDown: true, source: '=JxcSkuList' } };
      const cf = sheet.getRange('B2:B100').conditionalFormats.add('ContainsText');
      cf.textComparison.format.font.color = '#107C10';
      cf.textComparison.rule = { operator: 'Contains', text: '✓' };
      sheet.getRange('C1').getEntireColumn().columnHidden = true;
      sheet.freezePanes.freezeRows(1);
      context.workbook.names.add('JxcSkuList', '=Lists!$A$2:$A$3');
      sheet.getRange('B5').values = [['✓ ADJ-1']];
    });
    const sheet = model.sheetByName('Sheet1')!;
    expect(sheet.validationAt(10, 0)?.source).toBe('=JxcSkuList');
    expect(sheet.fontColorAt(4, 1)).toBe('#107C10');
    expect(sheet.hiddenColumns.has(2)).toBe(true);
    expect(sheet.frozenRows).toBe(1);
    expect(model.nameByText('jxcskulist')?.formula).toBe('=Lists!$A$2:$A$3');
  });
});
