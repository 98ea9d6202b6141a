import { DataTypes, ModelAttributes, Sequelize } from 'sequelize';
import type { Table } from './models';

export interface ItemRow {
  id: number;
  sku: string;
  name: string;
  unit: string;
  category: string | null;
  barcode: string | null;
  batchTracked: boolean;
  safetyStock: number | null;
  reorderQty: number | null;
  maxStock: number | null;
  defaultSupplierId: number | null;
  purchasePrice: number | null;
  salePrice: number | null;
  taxRate: number | null;
  /** Fraction ×1,000,000; null = the global OVER_RECEIPT_TOLERANCE. */
  overReceiptTolerance: number | null;
  active: boolean;
  version: number;
}
export interface ItemWarehouseSettingRow {
  itemId: number;
  warehouseId: number;
  safetyStock: number | null;
  maxStock: number | null;
}
export interface PartnerRow {
  id: number;
  code: string;
  name: string;
  category: string | null;
  grade: string | null;
  contact: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  paymentTermsDays: number | null;
  currency: string;
  active: boolean;
  creditLimit?: number | null;
  version: number;
}
export interface StocktakeRow {
  id: number;
  number: string;
  warehouseId: number;
  status: 'open' | 'posted';
  snapshotMoveId: number;
  note: string | null;
  userId: number | null;
  createdAt: Date;
  postedAt: Date | null;
}
export interface StocktakeLineRow {
  stocktakeId: number;
  itemId: number;
  batchNo: string;
  bookQty: number;
  countedQty: number | null;
}

export interface InventoryModels {
  Item: Table<ItemRow>;
  ItemWarehouseSetting: Table<ItemWarehouseSettingRow>;
  Supplier: Table<PartnerRow>;
  Customer: Table<PartnerRow>;
  Stocktake: Table<StocktakeRow>;
  StocktakeLine: Table<StocktakeLineRow>;
}

const pk = { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true };
/** Master data (here and in models.ts) carries a version that grows with each change; see server/platform/versions.ts. */
export const versionAttribute = { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 };
const stamps = { underscored: true, timestamps: true, freezeTableName: true } as const;
const plain = { underscored: true, timestamps: false, freezeTableName: true } as const;

const partnerAttributes: ModelAttributes = {
  id: pk,
  code: DataTypes.STRING,
  name: DataTypes.STRING,
  category: DataTypes.STRING,
  grade: DataTypes.STRING,
  contact: DataTypes.STRING,
  phone: DataTypes.STRING,
  email: DataTypes.STRING,
  address: DataTypes.STRING,
  paymentTermsDays: DataTypes.INTEGER,
  currency: DataTypes.STRING,
  active: DataTypes.BOOLEAN,
  version: versionAttribute,
};

/** Stock balances, moves and document headers are written in plain SQL on the posting path, so they have no model. */
export function defineInventoryModels(s: Sequelize): InventoryModels {
  return {
    Item: s.define('items', {
      id: pk,
      sku: DataTypes.STRING,
      name: DataTypes.STRING,
      unit: DataTypes.STRING,
      category: DataTypes.STRING,
      barcode: DataTypes.STRING,
      batchTracked: DataTypes.BOOLEAN,
      safetyStock: DataTypes.BIGINT,
      reorderQty: DataTypes.BIGINT,
      maxStock: DataTypes.BIGINT,
      defaultSupplierId: DataTypes.INTEGER,
      purchasePrice: DataTypes.BIGINT,
      salePrice: DataTypes.BIGINT,
      taxRate: DataTypes.BIGINT,
      overReceiptTolerance: DataTypes.BIGINT,
      active: DataTypes.BOOLEAN,
      version: versionAttribute,
    }, stamps) as unknown as Table<ItemRow>,
    ItemWarehouseSetting: s.define('item_warehouse_settings', {
      itemId: { type: DataTypes.INTEGER, primaryKey: true },
      warehouseId: { type: DataTypes.INTEGER, primaryKey: true },
      safetyStock: DataTypes.BIGINT,
      maxStock: DataTypes.BIGINT,
    }, plain) as unknown as Table<ItemWarehouseSettingRow>,
    Supplier: s.define('suppliers', partnerAttributes, stamps) as unknown as Table<PartnerRow>,
    Customer: s.define('customers', { ...partnerAttributes, creditLimit: DataTypes.BIGINT }, stamps) as unknown as Table<PartnerRow>,
    Stocktake: s.define('stocktakes', {
      id: pk,
      number: DataTypes.STRING,
      warehouseId: DataTypes.INTEGER,
      status: DataTypes.STRING,
      snapshotMoveId: DataTypes.BIGINT,
      note: DataTypes.STRING,
      userId: DataTypes.INTEGER,
      createdAt: DataTypes.DATE,
      postedAt: DataTypes.DATE,
    }, plain) as unknown as Table<StocktakeRow>,
    StocktakeLine: s.define('stocktake_lines', {
      stocktakeId: { type: DataTypes.INTEGER, primaryKey: true },
      itemId: { type: DataTypes.INTEGER, primaryKey: true },
      batchNo: { type: DataTypes.STRING, primaryKey: true },
      bookQty: DataTypes.BIGINT,
      countedQty: DataTypes.BIGINT,
    }, plain) as unknown as Table<StocktakeLineRow>,
  };
}
