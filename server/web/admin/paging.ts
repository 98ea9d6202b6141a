/** Paging arithmetic for "n–m of total". Pure. */
export interface PageRange {
  from: number;
  to: number;
  total: number;
  hasPrevious: boolean;
  hasNext: boolean;
}

export function pageRange(offset: number, shown: number, total: number): PageRange {
  return {
    from: shown === 0 ? 0 : offset + 1,
    to: offset + shown,
    total,
    hasPrevious: offset > 0,
    hasNext: offset + shown < total,
  };
}

export function previousOffset(offset: number, limit: number): number {
  return Math.max(0, offset - limit);
}
