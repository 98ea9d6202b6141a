/**
 * The hidden key cell of each row: what JXC knows about the row that the
 * clerk should not have to see. For document rows it carries the idempotency
 * reference the row was sent under, so a retry after a lost connection sends
 * the same reference and the server answers with the first result instead of
 * posting again.
 */
export type DocState = 'pending' | 'done' | 'failed';

export interface DocKey {
  state: DocState;
  /** The document's idempotency reference (batch `ref`). */
  ref: string;
  /** The row's line index within its document. */
  line: number;
  number?: string;
  /** A fingerprint of the row's cells as they were sent, to tell a posted row edited afterwards. */
  hash?: string;
}

export interface CountKey {
  stocktakeId: number;
  itemId: number;
  batchNo: string | null;
  /** Once the stocktake is posted: its number, and a fingerprint of the row as it was posted. */
  posted?: { number: string; hash: string };
}

export type ItemKey = { kind: 'existing'; id: number; hash: string } | { kind: 'new'; state: 'pending' | 'failed'; ref: string };

const STATE_CODES: Record<DocState, string> = { pending: 'P', done: 'D', failed: 'F' };
const CODE_STATES: Record<string, DocState> = { P: 'pending', D: 'done', F: 'failed' };

const enc = encodeURIComponent;
function dec(s: string | undefined): string {
  try {
    return decodeURIComponent(s ?? '');
  } catch {
    return s ?? '';
  }
}

function partsOf(cell: unknown): string[] {
  return typeof cell === 'string' ? cell.trim().split('|') : [];
}

export function encodeDocKey(key: DocKey): string {
  const base = `${STATE_CODES[key.state]}|${enc(key.ref)}|${key.line}`;
  if (key.hash) return `${base}|${key.number ? enc(key.number) : ''}|${key.hash}`;
  return key.number ? `${base}|${enc(key.number)}` : base;
}

export function decodeDocKey(cell: unknown): DocKey | null {
  const [code, ref, line, number, hash] = partsOf(cell);
  const state = CODE_STATES[code ?? ''];
  if (!state || !ref || !/^\d+$/.test(line ?? '')) return null;
  return { state, ref: dec(ref), line: Number(line), ...(number ? { number: dec(number) } : {}), ...(hash ? { hash } : {}) };
}

export function encodeCountKey(key: CountKey): string {
  const base = `C|${key.stocktakeId}|${key.itemId}|${key.batchNo === null ? '' : enc(key.batchNo)}`;
  return key.posted ? `${base}|${enc(key.posted.number)}|${key.posted.hash}` : base;
}

export function decodeCountKey(cell: unknown): CountKey | null {
  const [code, stocktake, item, batch, number, hash] = partsOf(cell);
  if (code !== 'C' || !/^\d+$/.test(stocktake ?? '') || !/^\d+$/.test(item ?? '')) return null;
  const key: CountKey = { stocktakeId: Number(stocktake), itemId: Number(item), batchNo: batch ? dec(batch) : null };
  return number && hash ? { ...key, posted: { number: dec(number), hash } } : key;
}

export function encodeItemKey(key: ItemKey): string {
  return key.kind === 'existing' ? `I|${key.id}|${key.hash}` : `N|${key.state === 'pending' ? 'P' : 'F'}|${enc(key.ref)}`;
}

export function decodeItemKey(cell: unknown): ItemKey | null {
  const [code, a, b] = partsOf(cell);
  if (code === 'I' && /^\d+$/.test(a ?? '') && b) return { kind: 'existing', id: Number(a), hash: b };
  if (code === 'N' && (a === 'P' || a === 'F') && b) return { kind: 'new', state: a === 'P' ? 'pending' : 'failed', ref: dec(b) };
  return null;
}

/** A reference unique enough to name one document for the server's idempotency records. */
export function newRef(prefix: string): string {
  const bytes = new Uint8Array(10);
  globalThis.crypto.getRandomValues(bytes);
  return `${prefix}-${Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('')}`;
}

/**
 * A fingerprint of cells as the clerk sees them: text trimmed and width-folded,
 * numbers to Excel's 15 digits, so "5" and 5 (or a trailing space) are no edit.
 */
export function cellsFingerprint(cells: ReadonlyArray<string | number | boolean>): string {
  return fingerprint(cells.map((c) => (typeof c === 'number' ? String(Number(c.toPrecision(15))) : String(c).normalize('NFKC').trim())));
}

/** FNV-1a: a short fingerprint of a row as it was pulled, to tell edited rows from untouched ones. */
export function fingerprint(value: unknown): string {
  const text = JSON.stringify(value);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/** A reorder suggestion's row: its warehouse and item, the reference its accept went under, and the order it became. */
export interface ReorderKey {
  warehouseId: number;
  itemId: number;
  ref?: string;
  number?: string;
}

export function encodeReorderKey(key: ReorderKey): string {
  const base = `R|${key.warehouseId}|${key.itemId}`;
  return key.ref || key.number ? `${base}|${key.ref ? enc(key.ref) : ''}|${key.number ? enc(key.number) : ''}` : base;
}

export function decodeReorderKey(cell: unknown): ReorderKey | null {
  const [code, warehouse, item, ref, number] = partsOf(cell);
  if (code !== 'R' || !/^\d+$/.test(warehouse ?? '') || !/^\d+$/.test(item ?? '')) return null;
  return { warehouseId: Number(warehouse), itemId: Number(item), ...(ref ? { ref: dec(ref) } : {}), ...(number ? { number: dec(number) } : {}) };
}
