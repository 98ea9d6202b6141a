import type { CustomerStatementView, StatementQuery } from '../../../contract/customer-receipts';
import type { Services } from '../../platform/services';
import { findCustomer } from '../sales-orders/customer-refs';
import { CUSTOMERS } from '../supplier-payments/partner-sides';
import { partnerStatement } from '../supplier-payments/supplier-statement';

/** A customer's statement (对账单): invoices debits, receipts and credit notes credits, FX lines; balance = what they owe. */
export async function customerStatement(services: Services, customerId: number, query: StatementQuery): Promise<CustomerStatementView> {
  const { partnerId, partnerCode, ...statement } = await partnerStatement(services, CUSTOMERS, await findCustomer(services.db, customerId), query);
  return { customerId: partnerId, customerCode: partnerCode, ...statement };
}
