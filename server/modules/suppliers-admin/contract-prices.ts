import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { selectOne } from '../../db/sql';

export interface ContractPrice {
  /** ×10000, in the contract's currency. */
  unitPrice: number;
  contractId: number;
}

/**
 * The contract price of an item from a supplier, for an order dated `date` in
 * `currency` for `qty` (×1000), or null when no contract prices it.
 *
 * The rule: a line of an ACTIVE contract of that supplier, dated so that
 * startDate ≤ date ≤ endDate (both inclusive), in the same currency (no
 * conversion: a contract in another currency does not apply), whose minQty is
 * empty or ≤ qty. Of those the lowest unit price wins (quantity tiers: the
 * best tier the quantity reaches), then the lowest contract id and line.
 * Overlapping active contracts for one item are refused on save, so the
 * candidates all come from one contract; terminated contracts never apply.
 * Purchase orders read this to default a line's unitPrice.
 */
export async function contractPrice(db: Database, supplierId: number, itemId: number, date: string, currency: string, qty: number, tx?: Transaction): Promise<ContractPrice | null> {
  const row = await selectOne<{ unit_price: number | string; contract_id: number | string }>(
    db,
    `SELECT l.unit_price, l.contract_id FROM supplier_contract_lines l JOIN supplier_contracts c ON c.id = l.contract_id
      WHERE c.supplier_id = :supplierId AND c.status = 'active' AND c.currency = :currency
        AND c.start_date <= :date AND c.end_date >= :date
        AND l.item_id = :itemId AND (l.min_qty IS NULL OR l.min_qty <= :qty)
      ORDER BY l.unit_price, c.id, l.line
      LIMIT 1`,
    { supplierId, itemId, date, currency, qty },
    tx,
  );
  return row && { unitPrice: Number(row.unit_price), contractId: Number(row.contract_id) };
}
