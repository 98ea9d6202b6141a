import type { StandardReport } from '../report';

/** The partners reports, in the order the catalogue lists them. */
export const PARTNERS_REPORTS: StandardReport[] = [];
