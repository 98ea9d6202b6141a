import type { StandardReport } from '../report';

/** The stock reports, in the order the catalogue lists them. */
export const STOCK_REPORTS: StandardReport[] = [];
