/**
 * What the task pane shows about the customer on the selected row: which
 * customer the row names, their credit (limit, used, available) and their
 * RFM segment — fetched together, and put in words for the pane.
 */
import type { CustomerBehaviourView } from '../../contract/customers-admin';
import type { CustomerCreditView } from '../../contract/sales-orders';
import { ApiError } from '../api/api-client';
import { readSelectedRow } from '../excel/selection';
import type { Language, Translate } from '../i18n';
import { customerCodeOnRow } from '../sheets/customers-sheet';
import type { CustomerRef } from '../sheets/sales-lookups';
import type { WorkflowContext } from './context';
import { customersOf } from './sales';

export interface CustomerPanelData {
  customer: CustomerRef;
  credit: CustomerCreditView;
  /** Null when the server would not say (this user may not see it): the credit still shows. */
  behaviour: CustomerBehaviourView | null;
}

/** The customer code on the selected row, or null when the row names none. */
export async function selectedCustomerCode(): Promise<string | null> {
  const selected = await readSelectedRow();
  return selected ? customerCodeOnRow(selected) : null;
}

const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase();

async function customerByCode(ctx: WorkflowContext, code: string): Promise<CustomerRef | null> {
  const find = (list: CustomerRef[]) => list.find((c) => norm(c.code) === norm(code)) ?? null;
  // A customer added since the list was fetched is found by fetching it again.
  return find(await customersOf(ctx)) ?? find(await customersOf(ctx, true));
}

function refusedAsNull(error: unknown): null {
  if (error instanceof ApiError && (error.kind === 'forbidden' || error.kind === 'problem')) return null;
  throw error;
}

/** The customer's credit and behaviour; null when no customer has that code. */
export async function loadCustomerPanel(ctx: WorkflowContext, code: string): Promise<CustomerPanelData | null> {
  const customer = await customerByCode(ctx, code);
  if (!customer) return null;
  const [credit, behaviour] = await Promise.all([ctx.api.customerCredit(customer.id), ctx.api.customerBehaviour(customer.id).catch(refusedAsNull)]);
  return { customer, credit, behaviour };
}

export interface PanelLine {
  label: string;
  value: string;
  /** `error`: over the limit. */
  tone?: 'error';
  testid: string;
}

export interface CustomerPanelView {
  title: string;
  lines: PanelLine[];
}

function money(n: number, language: Language): string {
  return n.toLocaleString(language === 'zh' ? 'zh-CN' : 'en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function segmentText(b: CustomerBehaviourView | null, t: Translate): string {
  if (!b) return t('customer.unavailable');
  if (!b.segment || !b.rfm) return t('customer.noSales');
  return `${t(`segment.${b.segment}`)} (${t('customer.scores', { r: b.rfm.r, f: b.rfm.f, m: b.rfm.m })})`;
}

/** The panel in the pane's words: who, their credit, and how they buy. */
export function customerPanelView(data: CustomerPanelData, t: Translate, language: Language): CustomerPanelView {
  const { customer, credit, behaviour } = data;
  const lines: PanelLine[] = [
    { label: t('customer.creditLimit'), value: credit.creditLimit === null ? t('customer.noLimit') : money(credit.creditLimit, language), testid: 'customer-limit' },
    { label: t('customer.openReceivables'), value: money(credit.openReceivables, language), testid: 'customer-receivables' },
    { label: t('customer.openOrders'), value: money(credit.openOrders, language), testid: 'customer-orders' },
    { label: t('customer.used'), value: money(credit.used, language), testid: 'customer-used' },
    {
      label: t('customer.available'),
      value: credit.available === null ? t('customer.noLimit') : money(credit.available, language),
      ...(credit.available !== null && credit.available < 0 ? { tone: 'error' as const } : {}),
      testid: 'customer-available',
    },
    { label: t('customer.segment'), value: segmentText(behaviour, t), testid: 'customer-segment' },
  ];
  if (!behaviour) return { title: `${customer.code} · ${customer.name}`, lines };
  if (behaviour.lastOrderDate) {
    const days = behaviour.recencyDays ?? 0;
    lines.push({ label: t('customer.lastOrder'), value: t('customer.daysAgo', { date: behaviour.lastOrderDate, days }), testid: 'customer-last-order' });
  }
  lines.push({ label: t('customer.revenue'), value: money(behaviour.revenue, language), testid: 'customer-revenue' });
  if (behaviour.averageDaysToPay !== null) lines.push({ label: t('customer.daysToPay'), value: String(Math.round(behaviour.averageDaysToPay * 10) / 10), testid: 'customer-days-to-pay' });
  return { title: `${customer.code} · ${customer.name}`, lines };
}
