/**
 * The supplier scorecards sheet: every supplier's score and the rates it is
 * made of, in the server's rank order, replaced in place on every pull.
 * Read-only for the clerk.
 */
import type { SupplierPerformanceRow } from '../../contract/suppliers-admin';
import type { Cell } from './cells';
import type { SheetLayout } from './layout';

export const SCORECARDS_LAYOUT: SheetLayout = {
  kind: 'scorecards',
  names: { zh: '供应商评分', en: 'Supplier scorecards' },
  tablePrefix: 'JxcScorecards',
  columns: [
    { key: 'rank', zh: '排名', en: 'Rank', kind: 'version', width: 40 },
    { key: 'code', zh: '供应商编码', en: 'Code', kind: 'text', width: 80 },
    { key: 'name', zh: '名称', en: 'Name', kind: 'text', width: 150 },
    { key: 'category', zh: '类别', en: 'Category', kind: 'text', width: 80 },
    { key: 'grade', zh: '等级', en: 'Grade', kind: 'text', width: 50 },
    { key: 'score', zh: '得分', en: 'Score', kind: 'money', width: 55 },
    { key: 'scoreGrade', zh: '评分等级', en: 'Score grade', kind: 'text', width: 60 },
    { key: 'onTimeRate', zh: '准时率', en: 'On-time', kind: 'rate', width: 60 },
    { key: 'fillRate', zh: '满足率', en: 'Fill rate', kind: 'rate', width: 60 },
    { key: 'returnRate', zh: '退货率', en: 'Return rate', kind: 'rate', width: 60 },
    { key: 'priceVarianceRate', zh: '价差率', en: 'Price variance', kind: 'rate', width: 65 },
    { key: 'quality', zh: '质量评分', en: 'Quality rating', kind: 'money', width: 55 },
    { key: 'delivery', zh: '交付评分', en: 'Delivery rating', kind: 'money', width: 55 },
    { key: 'price', zh: '价格评分', en: 'Price rating', kind: 'money', width: 55 },
    { key: 'service', zh: '服务评分', en: 'Service rating', kind: 'money', width: 55 },
    { key: 'ratings', zh: '评价次数', en: 'Ratings', kind: 'version', width: 50 },
  ],
};

/** Nothing to measure shows blank, not 0: a supplier with no orders has not delivered late. */
const blank = (v: number | string | null): Cell => (v === null ? '' : v);

export function scorecardRows(rows: SupplierPerformanceRow[]): Cell[][] {
  return rows.map((r) => [
    blank(r.rank),
    r.supplierCode,
    r.name,
    blank(r.category),
    blank(r.supplierGrade),
    blank(r.score),
    blank(r.grade),
    blank(r.onTimeRate),
    blank(r.fillRate),
    blank(r.returnRate),
    blank(r.priceVarianceRate),
    blank(r.ratings.quality),
    blank(r.ratings.delivery),
    blank(r.ratings.price),
    blank(r.ratings.service),
    r.ratings.count,
  ]);
}
