import type { StandardReport } from '../report';

/** The purchasing reports, in the order the catalogue lists them. */
export const PURCHASING_REPORTS: StandardReport[] = [];
