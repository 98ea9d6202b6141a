import { fromScaled } from '../../../contract/decimals';
import type { StatementLine, StatementQuery, SupplierStatementView } from '../../../contract/supplier-payments';
import { selectRows } from '../../db/sql';
import type { Services } from '../../platform/services';
import { findSupplier } from './suppliers';
import { PartnerSide, SUPPLIERS } from './partner-sides';

interface Movement {
  date: string;
  doc_type: string;
  number: string;
  /** How much it raises the partner's balance, base cents: open items are signed so (invoices positive). */
  raises: number | string;
  seq: number;
  id: number;
}

export type PartnerStatement = Omit<SupplierStatementView, 'supplierId' | 'supplierCode'> & { partnerId: number; partnerCode: string };

const cents = (n: number) => fromScaled(n, 'money');

/**
 * A partner's statement (对账单) in base currency, its balance always the
 * partner's net open base: its items in date order — invoices raise it,
 * payments (receipts) and notes lower it — and the realized FX of each
 * allocation, which is what the payment gave up beyond what the invoice did
 * (a loss on what we owe a supplier raises what we owe; a gain on what a
 * customer owes raises what they owe, since their receipt took away more
 * base than the invoice gave up). What raises the balance is a credit for a
 * supplier and a debit for a customer.
 */
export async function partnerStatement(services: Services, side: PartnerSide, partner: { id: number; code: string; name: string }, query: StatementQuery): Promise<PartnerStatement> {
  const partnerId = partner.id;
  const to = query.to ?? services.calendar.today();
  const from = query.from ?? null;
  const movements = await selectRows<Movement>(
    services.db,
    `SELECT o.date, o.doc_type, o.doc_number AS number, o.base_amount AS raises, 0 AS seq, o.id
       FROM open_items o
      WHERE o.partner_type = :partnerType AND o.partner_id = :partnerId AND o.date <= :to
     UNION ALL
     SELECT a.date, 'FX', p.doc_number, a.fx_difference, 1, a.id
       FROM open_item_allocations a JOIN open_items p ON p.id = a.payment_item_id
      WHERE p.partner_type = :partnerType AND p.partner_id = :partnerId AND a.date <= :to AND a.fx_difference <> 0
     UNION ALL
     SELECT a.reversed_on, 'FX', p.doc_number, -a.fx_difference, 2, a.id
       FROM open_item_allocations a JOIN open_items p ON p.id = a.payment_item_id
      WHERE p.partner_type = :partnerType AND p.partner_id = :partnerId AND a.reversed_on IS NOT NULL AND a.reversed_on <= :to AND a.fx_difference <> 0
     ORDER BY 1, 5, 6`,
    { partnerType: side.partnerType, partnerId, to },
  );
  const lowers = side.raises === 'credit' ? 'debit' : 'credit';
  let balance = 0;
  let opening = 0;
  const lines: StatementLine[] = [];
  for (const m of movements) {
    const raises = Number(m.raises);
    balance += raises;
    if (from !== null && m.date < from) {
      opening = balance;
      continue;
    }
    const sides = { [side.raises]: cents(Math.max(raises, 0)), [lowers]: cents(Math.max(-raises, 0)) } as { debit: number; credit: number };
    lines.push({ date: m.date, docType: m.doc_type, number: m.number, debit: sides.debit, credit: sides.credit, balance: cents(balance) });
  }
  return { partnerId: partner.id, partnerCode: partner.code, name: partner.name, from, to, currency: services.config.baseCurrency, opening: cents(opening), lines, closing: cents(balance) };
}

export async function supplierStatement(services: Services, supplierId: number, query: StatementQuery): Promise<SupplierStatementView> {
  const { partnerId, partnerCode, ...statement } = await partnerStatement(services, SUPPLIERS, await findSupplier(services.db, supplierId), query);
  return { supplierId: partnerId, supplierCode: partnerCode, ...statement };
}
