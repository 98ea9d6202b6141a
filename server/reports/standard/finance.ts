import type { StandardReport } from '../report';

/** The finance reports, in the order the catalogue lists them. */
export const FINANCE_REPORTS: StandardReport[] = [];
