import { fromScaled } from '../../../contract/decimals';
import type { StatementLine, StatementQuery, SupplierStatementView } from '../../../contract/supplier-payments';
import { selectRows } from '../../db/sql';
import type { Services } from '../../platform/services';
import { findSupplier } from './suppliers';

interface Movement {
  date: string;
  doc_type: string;
  number: string;
  /** What the supplier is owed more by it (credit − debit), base cents: open items are signed so (invoices positive). */
  owed: number | string;
  seq: number;
  id: number;
}

const cents = (n: number) => fromScaled(n, 'money');

/**
 * A supplier's statement (对账单) in base currency: invoices are credits,
 * payments and debit notes debits, and the realized FX of allocations (a
 * loss on what we owe is a credit: the payment took more base than the
 * invoice gave up) so the balance is always the supplier's net open base —
 * what the payable less the advance says we owe them.
 */
export async function supplierStatement(services: Services, supplierId: number, query: StatementQuery): Promise<SupplierStatementView> {
  const supplier = await findSupplier(services.db, supplierId);
  const to = query.to ?? services.calendar.today();
  const from = query.from ?? null;
  const movements = await selectRows<Movement>(
    services.db,
    `SELECT o.date, o.doc_type, o.doc_number AS number, o.base_amount AS owed, 0 AS seq, o.id
       FROM open_items o
      WHERE o.partner_type = 'supplier' AND o.partner_id = :supplierId AND o.date <= :to
     UNION ALL
     SELECT a.date, 'FX', p.doc_number, a.fx_difference, 1, a.id
       FROM open_item_allocations a JOIN open_items p ON p.id = a.payment_item_id
      WHERE p.partner_type = 'supplier' AND p.partner_id = :supplierId AND a.date <= :to AND a.fx_difference <> 0
     UNION ALL
     SELECT a.reversed_on, 'FX', p.doc_number, -a.fx_difference, 2, a.id
       FROM open_item_allocations a JOIN open_items p ON p.id = a.payment_item_id
      WHERE p.partner_type = 'supplier' AND p.partner_id = :supplierId AND a.reversed_on IS NOT NULL AND a.reversed_on <= :to AND a.fx_difference <> 0
     ORDER BY 1, 5, 6`,
    { supplierId, to },
  );
  let balance = 0;
  let opening = 0;
  const lines: StatementLine[] = [];
  for (const m of movements) {
    const owed = Number(m.owed);
    balance += owed;
    if (from !== null && m.date < from) {
      opening = balance;
      continue;
    }
    lines.push({ date: m.date, docType: m.doc_type, number: m.number, debit: cents(Math.max(-owed, 0)), credit: cents(Math.max(owed, 0)), balance: cents(balance) });
  }
  return { supplierId: supplier.id, supplierCode: supplier.code, name: supplier.name, from, to, currency: services.config.baseCurrency, opening: cents(opening), lines, closing: cents(balance) };
}
