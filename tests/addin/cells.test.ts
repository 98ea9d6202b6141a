import { isoDateToSerial, parseBool, parseDate, parseNumber, parseText, serialToIsoDate } from '../../addin/sheets/cells';

describe('Reading one cell', () => {
  test('Numbers: typed, as text, with grouping, full-width, and formula noise are read as the clerk sees them', () => {
    expect(parseNumber(12.5, { scale: 'qty' })).toEqual({ ok: true, value: 12.5 });
    expect(parseNumber(' 7 ', { scale: 'qty' })).toEqual({ ok: true, value: 7 });
    expect(parseNumber('1,234.5', { scale: 'money' })).toEqual({ ok: true, value: 1234.5 });
    expect(parseNumber('１２', { scale: 'qty' })).toEqual({ ok: true, value: 12 });
    expect(parseNumber(0.1 + 0.2, { scale: 'qty' })).toEqual({ ok: true, value: 0.3 });
    expect(parseNumber(-0, { scale: 'qty' })).toEqual({ ok: true, value: 0 });
  });

  test('Numbers: blanks, text, too many decimals, zero, negatives and formula errors each get their own message', () => {
    expect(parseNumber('', { scale: 'qty', required: true })).toMatchObject({ ok: false, error: { key: 'cell.required' } });
    expect(parseNumber('', { scale: 'qty' })).toEqual({ ok: true, value: null });
    expect(parseNumber('12箱', { scale: 'qty' })).toMatchObject({ ok: false, error: { key: 'cell.notNumber', params: { value: '12箱' } } });
    expect(parseNumber(1.2345, { scale: 'qty' })).toMatchObject({ ok: false, error: { key: 'cell.tooManyDecimals', params: { places: 3 } } });
    expect(parseNumber(1.23456, { scale: 'price' })).toMatchObject({ ok: false, error: { key: 'cell.tooManyDecimals', params: { places: 4 } } });
    expect(parseNumber(0, { scale: 'qty', nonZero: true })).toMatchObject({ ok: false, error: { key: 'cell.zero' } });
    expect(parseNumber(-1, { scale: 'qty', positive: true })).toMatchObject({ ok: false, error: { key: 'cell.notPositive' } });
    expect(parseNumber(-1, { scale: 'price', min: 0 })).toMatchObject({ ok: false, error: { key: 'cell.negative' } });
    expect(parseNumber('#DIV/0!', { scale: 'qty' })).toMatchObject({ ok: false, error: { key: 'cell.formulaError', params: { value: '#DIV/0!' } } });
    expect(parseNumber(true, { scale: 'qty' })).toMatchObject({ ok: false, error: { key: 'cell.notNumber' } });
    expect(parseNumber(1e13, { scale: 'qty' })).toMatchObject({ ok: false, error: { key: 'cell.tooLarge' } });
  });

  test('Text: trimmed, numbers turned back to text, too long refused, Chinese kept', () => {
    expect(parseText('  螺丝 M3 ', { max: 10 })).toEqual({ ok: true, value: '螺丝 M3' });
    expect(parseText(123, { max: 10 })).toEqual({ ok: true, value: '123' });
    expect(parseText('x'.repeat(65), { max: 64 })).toMatchObject({ ok: false, error: { key: 'cell.tooLong', params: { max: 64 } } });
    expect(parseText(' ', { max: 5, required: true })).toMatchObject({ ok: false, error: { key: 'cell.required' } });
    expect(parseText('#N/A', { max: 5 })).toMatchObject({ ok: false, error: { key: 'cell.formulaError' } });
  });

  test('Dates: Excel serials, ISO text, slashes and 年月日 are read; impossible dates are refused', () => {
    expect(parseDate(46082)).toEqual({ ok: true, value: '2026-03-01' });
    expect(parseDate('2026-03-01')).toEqual({ ok: true, value: '2026-03-01' });
    expect(parseDate('2026/3/1')).toEqual({ ok: true, value: '2026-03-01' });
    expect(parseDate('2026年3月1日')).toEqual({ ok: true, value: '2026-03-01' });
    expect(parseDate('2026-02-30')).toMatchObject({ ok: false, error: { key: 'cell.notDate' } });
    expect(parseDate('next week')).toMatchObject({ ok: false, error: { key: 'cell.notDate' } });
    expect(serialToIsoDate(isoDateToSerial('2030-12-31'))).toBe('2030-12-31');
  });

  test('Yes/no: Excel booleans, 是/否, yes/no, 1/0; blank takes the default', () => {
    expect(parseBool(true, false)).toEqual({ ok: true, value: true });
    expect(parseBool('是', false)).toEqual({ ok: true, value: true });
    expect(parseBool('否', true)).toEqual({ ok: true, value: false });
    expect(parseBool('No', true)).toEqual({ ok: true, value: false });
    expect(parseBool(1, false)).toEqual({ ok: true, value: true });
    expect(parseBool('', true)).toEqual({ ok: true, value: true });
    expect(parseBool('maybe', true)).toMatchObject({ ok: false, error: { key: 'cell.notBoolean' } });
  });
});
