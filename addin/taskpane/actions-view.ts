/** One section per sheet kind, each with its action buttons and the few choices it needs. */
import type { WarehouseView } from '../../contract/platform';
import type { MessageKey } from '../i18n';
import type { DocumentSheetKind } from '../workflows/documents';
import { field, h } from './dom';
import type { Session, TaskPane } from './task-pane';

export interface ActionHandlers {
  pullStock(): void;
  pullAccounts(): void;
  openCount(): void;
  postCount(): void;
  newSheet(kind: DocumentSheetKind): void;
  postSheet(kind: DocumentSheetKind): void;
  pullItems(force: boolean): void;
  publishItems(): void;
  pullOpenLines(): void;
  pullUninvoiced(): void;
  pullPayables(): void;
  pullSuggestions(): void;
  createOrders(): void;
  pullSuppliers(force: boolean): void;
  publishSuppliers(): void;
  pullScorecards(): void;
  // sales (xa)
  pullShipLines(): void;
  pullUninvoicedShipments(): void;
  // customers (xb)
  pullCustomers(force: boolean): void;
  publishCustomers(): void;
  pullReceivables(): void;
  pullTickets(force: boolean): void;
  publishTickets(): void;
}

function warehouseSelect(pane: TaskPane, warehouses: WarehouseView[], choice: 'stockWarehouse' | 'countWarehouse' | 'receiptWarehouse' | 'reorderWarehouse', testid: string, anyLabel: MessageKey | null): HTMLSelectElement {
  return boundWarehouseSelect(pane, warehouses, pane.choices, choice, testid, anyLabel);
}

function textInput(pane: TaskPane, choice: 'category' | 'sku' | 'asOf' | 'supplier' | 'scoreFrom' | 'scoreTo', testid: string, type = 'text'): HTMLInputElement {
  return boundTextInput(pane.choices, choice, testid, type);
}

/** A warehouse select kept in `store[choice]`, which survives re-rendering. */
function boundWarehouseSelect<K extends string>(pane: TaskPane, warehouses: WarehouseView[], store: Record<K, string>, choice: K, testid: string, anyLabel: MessageKey | null): HTMLSelectElement {
  const options = warehouses.map((w) => h('option', { attrs: { value: w.id, selected: store[choice] === String(w.id) } }, `${w.code} · ${w.name}`));
  const select = h('select', { testid }, ...(anyLabel ? [h('option', { attrs: { value: '' } }, pane.t(anyLabel))] : []), ...options);
  if (!anyLabel && !store[choice] && warehouses[0]) store[choice] = String(warehouses[0].id);
  select.value = store[choice];
  select.addEventListener('change', () => (store[choice] = select.value));
  return select;
}

/** A text input kept in `store[choice]`, which survives re-rendering. */
function boundTextInput<K extends string>(store: Record<K, string>, choice: K, testid: string, type = 'text'): HTMLInputElement {
  const input = h('input', { testid, attrs: { type, value: store[choice], spellcheck: 'false' } });
  input.addEventListener('input', () => (store[choice] = input.value));
  return input;
}

function section(pane: TaskPane, title: MessageKey, hint: MessageKey, testid: string, ...content: Node[]): HTMLElement {
  return h('section', { class: 'sheet-section', testid }, h('h2', {}, pane.t(title)), h('p', { class: 'hint' }, pane.t(hint)), ...content);
}

function documentSection(pane: TaskPane, on: ActionHandlers, kind: DocumentSheetKind, names: { title: MessageKey; hint: MessageKey; newAction: MessageKey; postAction: MessageKey; testid: string }): HTMLElement {
  return section(
    pane,
    names.title,
    names.hint,
    `section-${names.testid}`,
    h('div', { class: 'actions' }, pane.button(names.newAction, `new-${names.testid}`, () => on.newSheet(kind)), pane.button(names.postAction, `post-${names.testid}`, () => on.postSheet(kind), 'primary')),
  );
}

/** Cash entries, journal entries and the accounts sheet, for users who may see the books. */
function financeSections(pane: TaskPane, on: ActionHandlers): HTMLElement[] {
  return [
    documentSection(pane, on, 'cashEntries', { title: 'section.cashEntries', hint: 'hint.cashEntries', newAction: 'action.newCashEntries', postAction: 'action.postCashEntries', testid: 'cash-entries' }),
    documentSection(pane, on, 'journal', { title: 'section.journal', hint: 'hint.journal', newAction: 'action.newJournal', postAction: 'action.postJournal', testid: 'journal' }),
    section(
      pane,
      'section.accounts',
      'hint.accounts',
      'section-accounts',
      field(pane.t('field.asOf'), textInput(pane, 'asOf', 'accounts-date', 'date')),
      h('div', { class: 'actions' }, pane.button('action.pullAccounts', 'pull-accounts', () => on.pullAccounts(), 'primary')),
    ),
  ];
}

/** Orders, receipts, supplier invoices and payments, for users who may see purchasing. */
function purchasingSections(pane: TaskPane, session: Session, on: ActionHandlers): HTMLElement[] {
  const actions = (...buttons: HTMLButtonElement[]) => h('div', { class: 'actions' }, ...buttons);
  const supplierField = (testid: string) => field(pane.t('field.supplier'), textInput(pane, 'supplier', testid));
  return [
    documentSection(pane, on, 'purchaseOrders', { title: 'section.purchaseOrders', hint: 'hint.purchaseOrders', newAction: 'action.newPurchaseOrders', postAction: 'action.postPurchaseOrders', testid: 'purchase-orders' }),
    section(
      pane,
      'section.receipts',
      'hint.receipts',
      'section-receipts',
      h('div', { class: 'filters' }, supplierField('receipts-supplier'), field(pane.t('field.warehouse'), warehouseSelect(pane, session.warehouses, 'receiptWarehouse', 'receipts-warehouse', 'field.anyWarehouse'))),
      actions(pane.button('action.pullOpenLines', 'pull-open-lines', () => on.pullOpenLines()), pane.button('action.postReceipts', 'post-receipts', () => on.postSheet('receipts'), 'primary')),
    ),
    section(
      pane,
      'section.purchaseInvoices',
      'hint.purchaseInvoices',
      'section-purchase-invoices',
      supplierField('invoices-supplier'),
      actions(pane.button('action.pullUninvoiced', 'pull-uninvoiced', () => on.pullUninvoiced()), pane.button('action.postInvoices', 'post-invoices', () => on.postSheet('purchaseInvoices'), 'primary')),
    ),
    section(
      pane,
      'section.supplierPayments',
      'hint.supplierPayments',
      'section-supplier-payments',
      supplierField('payments-supplier'),
      actions(pane.button('action.pullPayables', 'pull-payables', () => on.pullPayables()), pane.button('action.postPayments', 'post-payments', () => on.postSheet('supplierPayments'), 'primary')),
    ),
    section(
      pane,
      'section.reorder',
      'hint.reorder',
      'section-reorder',
      field(pane.t('field.warehouse'), warehouseSelect(pane, session.warehouses, 'reorderWarehouse', 'reorder-warehouse', 'field.anyWarehouse')),
      actions(pane.button('action.pullSuggestions', 'pull-suggestions', () => on.pullSuggestions()), pane.button('action.createOrders', 'create-orders', () => on.createOrders(), 'primary')),
    ),
  ];
}

/** The suppliers sheet and their scorecards, for users who may see suppliers. */
function supplierSections(pane: TaskPane, on: ActionHandlers): HTMLElement[] {
  return [
    section(
      pane,
      'section.suppliers',
      'hint.suppliers',
      'section-suppliers',
      h('div', { class: 'actions' }, pane.button('action.pullSuppliers', 'pull-suppliers', () => on.pullSuppliers(false)), pane.button('action.publishSuppliers', 'publish-suppliers', () => on.publishSuppliers(), 'primary')),
    ),
    section(
      pane,
      'section.scorecards',
      'hint.scorecards',
      'section-scorecards',
      h('div', { class: 'filters' }, field(pane.t('field.from'), textInput(pane, 'scoreFrom', 'scorecards-from', 'date')), field(pane.t('field.to'), textInput(pane, 'scoreTo', 'scorecards-to', 'date'))),
      h('div', { class: 'actions' }, pane.button('action.pullScorecards', 'pull-scorecards', () => on.pullScorecards(), 'primary')),
    ),
  ];
}

// sales (xa)
/** Sales orders, shipments and sales invoices, for users who may see sales. */
function salesSections(pane: TaskPane, session: Session, on: ActionHandlers): HTMLElement[] {
  const actions = (...buttons: HTMLButtonElement[]) => h('div', { class: 'actions' }, ...buttons);
  const customerField = (testid: string) => field(pane.t('field.customer'), boundTextInput(pane.salesChoices, 'customer', testid));
  return [
    documentSection(pane, on, 'salesOrders', { title: 'section.salesOrders', hint: 'hint.salesOrders', newAction: 'action.newSalesOrders', postAction: 'action.postSalesOrders', testid: 'sales-orders' }),
    section(
      pane,
      'section.shipments',
      'hint.shipments',
      'section-shipments',
      h('div', { class: 'filters' }, customerField('shipments-customer'), field(pane.t('field.warehouse'), boundWarehouseSelect(pane, session.warehouses, pane.salesChoices, 'shipWarehouse', 'shipments-warehouse', 'field.anyWarehouse'))),
      actions(pane.button('action.pullShipLines', 'pull-ship-lines', () => on.pullShipLines()), pane.button('action.postShipments', 'post-shipments', () => on.postSheet('shipments'), 'primary')),
    ),
    section(
      pane,
      'section.salesInvoices',
      'hint.salesInvoices',
      'section-sales-invoices',
      customerField('sales-invoices-customer'),
      actions(pane.button('action.pullUninvoicedShipments', 'pull-uninvoiced-shipments', () => on.pullUninvoicedShipments()), pane.button('action.postSalesInvoices', 'post-sales-invoices', () => on.postSheet('salesInvoices'), 'primary')),
    ),
  ];
}
// end sales (xa)

// customers (xb)
/** Receipts, returns, the customers and service tickets sheets and the customer panel, each for who may use it. */
function customerSections(pane: TaskPane, session: Session, on: ActionHandlers): HTMLElement[] {
  const may = (permission: string) => session.user.permissions.includes(permission);
  const actions = (...buttons: HTMLButtonElement[]) => h('div', { class: 'actions' }, ...buttons);
  return [
    ...(may('customer:read') ? [pane.customerPane.section()] : []),
    ...(may('customer:receive')
      ? [
          section(
            pane,
            'section.customerReceipts',
            'hint.customerReceipts',
            'section-customer-receipts',
            field(pane.t('field.customer'), boundTextInput(pane.salesChoices, 'customer', 'receipts-customer')),
            actions(pane.button('action.pullReceivables', 'pull-receivables', () => on.pullReceivables()), pane.button('action.postCustomerReceipts', 'post-customer-receipts', () => on.postSheet('customerReceipts'), 'primary')),
          ),
        ]
      : []),
    ...(may('sales:return')
      ? [documentSection(pane, on, 'salesReturns', { title: 'section.salesReturns', hint: 'hint.salesReturns', newAction: 'action.newSalesReturns', postAction: 'action.postSalesReturns', testid: 'sales-returns' })]
      : []),
    ...(may('customer:read')
      ? [
          section(pane, 'section.customers', 'hint.customers', 'section-customers', actions(pane.button('action.pullCustomers', 'pull-customers', () => on.pullCustomers(false)), pane.button('action.publishCustomers', 'publish-customers', () => on.publishCustomers(), 'primary'))),
          section(pane, 'section.serviceTickets', 'hint.serviceTickets', 'section-service-tickets', actions(pane.button('action.pullTickets', 'pull-tickets', () => on.pullTickets(false)), pane.button('action.publishTickets', 'publish-tickets', () => on.publishTickets(), 'primary'))),
        ]
      : []),
  ];
}

export function actionsView(pane: TaskPane, session: Session, on: ActionHandlers): HTMLElement {
  const { warehouses } = session;
  return h(
    'div',
    { class: 'sections' },
    section(
      pane,
      'section.stock',
      'hint.stock',
      'section-stock',
      h(
        'div',
        { class: 'filters' },
        field(pane.t('field.warehouse'), warehouseSelect(pane, warehouses, 'stockWarehouse', 'stock-warehouse', 'field.anyWarehouse')),
        field(pane.t('field.category'), textInput(pane, 'category', 'stock-category')),
        field(pane.t('field.sku'), textInput(pane, 'sku', 'stock-sku')),
      ),
      h('div', { class: 'actions' }, pane.button('action.pullStock', 'pull-stock', () => on.pullStock(), 'primary')),
    ),
    section(
      pane,
      'section.count',
      'hint.count',
      'section-count',
      field(pane.t('field.warehouse'), warehouseSelect(pane, warehouses, 'countWarehouse', 'count-warehouse', null)),
      h('div', { class: 'actions' }, pane.button('action.openCount', 'open-count', () => on.openCount()), pane.button('action.postCount', 'post-count', () => on.postCount(), 'primary')),
    ),
    documentSection(pane, on, 'adjustments', { title: 'section.adjustments', hint: 'hint.adjustments', newAction: 'action.newAdjustments', postAction: 'action.postAdjustments', testid: 'adjustments' }),
    documentSection(pane, on, 'transfers', { title: 'section.transfers', hint: 'hint.transfers', newAction: 'action.newTransfers', postAction: 'action.postTransfers', testid: 'transfers' }),
    section(
      pane,
      'section.items',
      'hint.items',
      'section-items',
      h('div', { class: 'actions' }, pane.button('action.pullItems', 'pull-items', () => on.pullItems(false)), pane.button('action.publishItems', 'publish-items', () => on.publishItems(), 'primary')),
    ),
    ...(session.user.permissions.includes('purchase:read') ? purchasingSections(pane, session, on) : []),
    ...(session.user.permissions.includes('supplier:read') ? supplierSections(pane, on) : []),
    ...(session.user.permissions.includes('finance:read') ? financeSections(pane, on) : []),
    // sales (xa)
    ...(session.user.permissions.includes('sales:read') ? salesSections(pane, session, on) : []),
    // customers (xb)
    ...customerSections(pane, session, on),
  );
}
