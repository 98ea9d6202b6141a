/** How the preview grid shows a cell value under its number format, the way Excel would. */
import { serialToIsoDate } from '../sheets/cells';

const grouped = (min: number, max: number) => new Intl.NumberFormat('en-US', { minimumFractionDigits: min, maximumFractionDigits: max, useGrouping: true });
const plain = (min: number, max: number) => new Intl.NumberFormat('en-US', { minimumFractionDigits: min, maximumFractionDigits: max, useGrouping: false });

export function displayValue(value: string | number | boolean | undefined, numberFormat: string): string {
  if (value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  switch (numberFormat) {
    case '0.000':
      return plain(3, 3).format(value);
    case '#,##0.00':
      return grouped(2, 2).format(value);
    case '#,##0.00##':
      return grouped(2, 4).format(value);
    case '0.00%':
      return `${plain(2, 2).format(value * 100)}%`;
    case 'yyyy-mm-dd':
      return serialToIsoDate(value) ?? String(value);
    default:
      return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(10)));
  }
}
