import type { StandardReport } from '../report';

/** The sales reports, in the order the catalogue lists them. */
export const SALES_REPORTS: StandardReport[] = [];
