import type { Transaction } from 'sequelize';
import type { ReceivablesAgeingQuery, ReceivablesAgeingView, ReceivablesQuery, ReceivableView } from '../../../contract/customer-receipts';
import type { Services } from '../../platform/services';
import { CUSTOMERS } from '../supplier-payments/partner-sides';
import { listOpenItems, OpenItemLine, partnersAgeing } from '../supplier-payments/payables';

/** GET /receivables: invoices positive, credit notes and unallocated receipts (advances) negative, oldest first. */
export async function listReceivables(services: Services, query: ReceivablesQuery, tx?: Transaction): Promise<{ asOf: string; data: ReceivableView[]; total: number }> {
  const view = ({ partnerId, partnerCode, kind, ...line }: OpenItemLine): ReceivableView => ({ ...line, kind: kind as ReceivableView['kind'], customerId: partnerId, customerCode: partnerCode });
  return listOpenItems(services, CUSTOMERS, { ...query, partnerId: query.customerId }, view, null, tx);
}

/** GET /receivables/ageing: what each customer owes net, by age, in base currency (as the payables' ageing). */
export async function receivablesAgeing(services: Services, query: ReceivablesAgeingQuery, tx?: Transaction): Promise<ReceivablesAgeingView> {
  const { data, ...rest } = await partnersAgeing(services, CUSTOMERS, { ...query, partnerId: query.customerId }, tx);
  return { ...rest, data: data.map(({ partnerId, code, ...row }) => ({ customerId: partnerId, customerCode: code, ...row })) };
}
