/** Reading what a person typed into what the API takes. Pure. */

/**
 * "1,200.50" → 1200.5; "" → 0. Anything else is passed through as typed so
 * the server's 422 ("must be a number") lands beside the field.
 */
export function parseAmount(text: string): number | string {
  const plain = text.trim().replace(/[,，\s]/g, '');
  if (plain === '') return 0;
  return /^-?\d+(\.\d+)?$/.test(plain) ? Number(plain) : text;
}

/** An approval limit: like an amount, but an empty field means no limit (null). */
export function parseLimit(text: string): number | string | null {
  return text.trim() === '' ? null : parseAmount(text);
}

/** Same members regardless of order (roles, permissions, warehouse ids). */
export function sameMembers<T>(a: readonly T[] | null, b: readonly T[] | null): boolean {
  if (a === null || b === null) return a === b;
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}

/** The fields of `next` that differ from `before`, for a PATCH that sends only what changed. */
export function changedFields<T extends Record<string, unknown>>(before: { [K in keyof T]?: unknown }, next: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(next) as Array<keyof T>) {
    const a = before[key];
    const b = next[key];
    const same = Array.isArray(a) || Array.isArray(b) || a === null || b === null ? sameMembers(a as unknown[] | null, b as unknown[] | null) : a === b;
    if (!same) out[key] = b;
  }
  return out;
}

/** `2024-05-01` as the start of that day where the person is, in ISO UTC (the server compares instants). */
export function startOfLocalDay(date: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).toISOString();
}

/** The exclusive end of a local day: the start of the next one. */
export function endOfLocalDay(date: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1).toISOString();
}

/** A one-line preview of an audit record's detail; the full JSON sits behind it. */
export function detailPreview(detail: unknown, max = 80): string {
  if (detail === null || detail === undefined) return '';
  const text = typeof detail === 'string' ? detail : JSON.stringify(detail);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
