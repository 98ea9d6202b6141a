import type { Transaction } from 'sequelize';
import type { CustomerReceiptsQuery, CustomerReceiptView } from '../../../contract/customer-receipts';
import type { Services } from '../../platform/services';
import { CUSTOMERS } from '../supplier-payments/partner-sides';
import { listPayers, payerView, PayerView } from '../supplier-payments/payment-views';

export const asCustomerReceipt = ({ partnerId, partnerCode, ...rest }: PayerView): CustomerReceiptView => ({ ...rest, customerId: partnerId, customerCode: partnerCode });

export async function receiptView(services: Services, id: number, tx?: Transaction): Promise<CustomerReceiptView> {
  return asCustomerReceipt(await payerView(services, CUSTOMERS, id, tx));
}

export async function listReceipts(services: Services, query: CustomerReceiptsQuery): Promise<{ data: CustomerReceiptView[]; total: number }> {
  const { data, total } = await listPayers(services, CUSTOMERS, { ...query, partnerId: query.customerId });
  return { data: data.map(asCustomerReceipt), total };
}
