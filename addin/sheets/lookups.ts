/**
 * What rows are checked against before anything is sent: known SKUs and
 * warehouses (the same lists the hidden JXC.Lists sheet feeds to the dropdowns),
 * the user's warehouse scope, and the adjustment reasons in either language.
 */
import { ADJUSTMENT_REASONS, AdjustmentReason } from '../../contract/stock';
import { DICTIONARIES } from '../i18n';
import type { Language, ListName } from './layout';

export interface ItemRef {
  id: number;
  sku: string;
  name: string;
  unit: string;
  batchTracked: boolean;
}

export interface WarehouseRef {
  id: number;
  code: string;
  name: string;
}

/** The dropdown lists a sheet needs; the JXC.Lists columns of lists left out stay as they are. */
export type ListsContent = Partial<Record<ListName, string[]>>;

const norm = (s: string): string => s.normalize('NFKC').trim().toLowerCase();

export function reasonLabel(reason: AdjustmentReason, language: Language): string {
  return DICTIONARIES[language][`reason.${reason}`];
}

const REASONS_BY_TEXT = new Map<string, AdjustmentReason>();
for (const reason of ADJUSTMENT_REASONS) {
  REASONS_BY_TEXT.set(norm(reason), reason);
  for (const language of ['zh', 'en'] as const) REASONS_BY_TEXT.set(norm(reasonLabel(reason, language)), reason);
}

/** A reason as its code (`damage`) or its label in either language (损坏 / Damage). */
export function parseReason(text: string): AdjustmentReason | null {
  return REASONS_BY_TEXT.get(norm(text)) ?? null;
}

export class Lookups {
  private readonly itemsBySku = new Map<string, ItemRef>();
  private readonly itemsByLooseSku = new Map<string, ItemRef>();
  private readonly warehousesByText = new Map<string, WarehouseRef>();

  constructor(
    readonly items: ItemRef[],
    readonly warehouses: WarehouseRef[],
    /** null: every warehouse. */
    readonly allowedWarehouseIds: number[] | null,
  ) {
    for (const item of items) {
      this.itemsBySku.set(item.sku, item);
      this.itemsByLooseSku.set(norm(item.sku), item);
    }
    for (const w of warehouses) {
      this.warehousesByText.set(norm(w.name), w);
      this.warehousesByText.set(norm(w.code), w);
    }
  }

  /** By SKU exactly, else ignoring case and full-width characters. */
  item(sku: string): ItemRef | undefined {
    return this.itemsBySku.get(sku) ?? this.itemsByLooseSku.get(norm(sku));
  }

  /** By code, or by name. */
  warehouse(text: string): WarehouseRef | undefined {
    return this.warehousesByText.get(norm(text));
  }

  mayUse(warehouse: WarehouseRef): boolean {
    return this.allowedWarehouseIds === null || this.allowedWarehouseIds.includes(warehouse.id);
  }

  usableWarehouses(): WarehouseRef[] {
    return this.warehouses.filter((w) => this.mayUse(w));
  }

  lists(language: Language): ListsContent {
    return {
      sku: this.items.map((i) => i.sku),
      warehouse: this.usableWarehouses().map((w) => w.code),
      reason: ADJUSTMENT_REASONS.map((r) => reasonLabel(r, language)),
    };
  }
}
