/**
 * What every workflow gets: the API client, the language, the cached lists
 * rows are checked against, and a way to show progress.
 */
import type { ApiClient } from '../api/api-client';
import type { Language, MessageKey, Params, Translate } from '../i18n';
import type { FinanceLookups } from '../sheets/finance-lookups';
import type { Lookups } from '../sheets/lookups';
import type { SupplierRef } from '../sheets/purchase-lookups';

export type ProgressLabel = 'progress.reading' | 'progress.writing' | 'progress.fetching' | 'progress.posting';

export interface WorkflowContext {
  api: ApiClient;
  language: Language;
  t: Translate;
  /** The SKU / warehouse lists; `refresh` fetches them again from the server. */
  lookups(refresh?: boolean): Promise<Lookups>;
  /** The account / cash account lists, fetched when a finance sheet first needs them. */
  financeLookups(refresh?: boolean): Promise<FinanceLookups>;
  /** The suppliers, fetched when a purchasing sheet first needs them. */
  suppliers(refresh?: boolean): Promise<SupplierRef[]>;
  /** fraction: 0…1, or null when the length of the work is not known. */
  progress(label: ProgressLabel, fraction: number | null): void;
}

/** A failure the workflow can explain in the clerk's words. */
export class WorkflowError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: Params = {},
  ) {
    super(key);
    this.name = 'WorkflowError';
  }
}

export type Tone = 'ok' | 'warn' | 'error';

export interface Outcome {
  tone: Tone;
  key: MessageKey;
  params?: Params;
  /** A follow-up the task pane may offer (pull items anyway). */
  offer?: 'pullItemsAnyway' | 'pullSuppliersAnyway' | CustomerOffer;
}

// customers (xb)
export type CustomerOffer = 'pullCustomersAnyway' | 'pullTicketsAnyway';

export const outcome = (tone: Tone, key: MessageKey, params?: Params): Outcome => ({ tone, key, params });

/** `done` of `total` as a fraction for the progress bar. */
export function fractionOf(done: number, total: number): number {
  return total > 0 ? Math.min(1, done / total) : 1;
}
