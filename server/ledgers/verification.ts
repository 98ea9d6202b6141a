import type { Transaction } from 'sequelize';
import { fromScaled, ScaleKind } from '../../contract/decimals';
import type { MappingRole, VerifyCheck, VerifyResult } from '../../contract/finance';
import type { Database } from '../db/database';
import { Replacements, selectRows } from '../db/sql';
import type { ChainVerification } from '../platform/audit/audit-log';

export interface VerifyOptions {
  baseCurrency: string;
  /** The audit chain's own walk (services.audit.verify()). */
  auditChain: () => Promise<ChainVerification>;
  /** The use case's transaction when verification is part of one (closing a period). */
  tx?: Transaction;
}

/** How many differing rows a failed check shows. */
const SHOWN = 5;

/**
 * Two sides of one set of rows: per key, what the source of truth sums to
 * (`e_<field>`) and what is stored (`a_<field>`). A SELECT yielding those
 * columns, compared in ONE statement so that a posting committing meanwhile
 * (PostgreSQL, read committed) is seen by both sides or by neither.
 */
interface Reconciliation {
  name: string;
  rows: string;
  /** Key columns → the names a failed check shows them under. */
  keys: Record<string, string>;
  /** How each field is shown: a scaled number, or a plain count. */
  fields: Record<string, ScaleKind | 'count'>;
  replacements?: Replacements;
  /** Whether the fields' totals mean something when it holds (not across currencies). */
  totals?: boolean;
}

const scaled = (value: unknown, kind: ScaleKind | 'count') => (kind === 'count' ? Number(value ?? 0) : fromScaled(Number(value ?? 0), kind));

async function reconcile(db: Database, r: Reconciliation, tx?: Transaction): Promise<VerifyCheck> {
  const fields = Object.keys(r.fields);
  const differs = fields.map((f) => `r.e_${f} <> r.a_${f}`).join(' OR ');
  const sums = fields.flatMap((f) => [`SUM(r.e_${f}) AS e_${f}`, `SUM(r.a_${f}) AS a_${f}`]).join(', ');
  const [summary] = await selectRows<Record<string, unknown>>(
    db,
    `SELECT COUNT(*) AS n, SUM(CASE WHEN ${differs} THEN 1 ELSE 0 END) AS bad, ${sums} FROM (${r.rows}) r`,
    r.replacements,
    tx,
  );
  const side = (row: Record<string, unknown>, prefix: 'e' | 'a') => Object.fromEntries(fields.map((f) => [f, scaled(row[`${prefix}_${f}`], r.fields[f]!)]));
  const mismatches = Number(summary?.bad ?? 0);
  if (mismatches === 0) {
    const rows = Number(summary?.n ?? 0);
    const total = (prefix: 'e' | 'a') => (r.totals === false ? {} : side(summary ?? {}, prefix));
    return { name: r.name, ok: true, expected: { rows, ...total('e') }, actual: { rows, ...total('a') } };
  }
  const order = Object.keys(r.keys).map((k) => `r.${k}`).join(', ');
  const rows = await selectRows<Record<string, unknown>>(db, `SELECT * FROM (${r.rows}) r WHERE ${differs} ORDER BY ${order} LIMIT ${SHOWN}`, r.replacements, tx);
  const key = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(r.keys).map(([column, name]) => [name, row[column]]));
  return {
    name: r.name,
    ok: false,
    mismatches,
    expected: rows.map((row) => ({ ...key(row), ...side(row, 'e') })),
    actual: rows.map((row) => ({ ...key(row), ...side(row, 'a') })),
  };
}

/** Σ debit = Σ credit per entry: each entry's credits are expected to come to its debits. */
const ENTRIES: Reconciliation = {
  name: 'journal-entries-balance',
  rows: `SELECT e.number AS number, SUM(l.debit) AS e_debit, SUM(l.debit) AS a_debit, SUM(l.debit) AS e_credit, SUM(l.credit) AS a_credit
           FROM journal_lines l LEFT JOIN journal_entries e ON e.id = l.entry_id
          GROUP BY l.entry_id, e.number`,
  keys: { number: 'number' },
  fields: { debit: 'money', credit: 'money' },
};

/** Account balances per account × period, kept by the money gate, against the journal lines they sum. */
const ACCOUNT_BALANCES: Reconciliation = {
  name: 'account-balances',
  rows: `SELECT k.account_code AS account_code, k.period AS period,
                COALESCE(j.debit, 0) AS e_debit, COALESCE(b.debit, 0) AS a_debit, COALESCE(j.credit, 0) AS e_credit, COALESCE(b.credit, 0) AS a_credit
           FROM (SELECT account_code, period FROM account_balances UNION SELECT account_code, period FROM journal_lines) k
           LEFT JOIN (SELECT account_code, period, SUM(debit) AS debit, SUM(credit) AS credit FROM journal_lines GROUP BY account_code, period) j
             ON j.account_code = k.account_code AND j.period = k.period
           LEFT JOIN account_balances b ON b.account_code = k.account_code AND b.period = k.period`,
  keys: { account_code: 'accountCode', period: 'period' },
  fields: { debit: 'money', credit: 'money' },
};

const STOCK_KEYS = { item_id: 'itemId', warehouse_id: 'warehouseId', batch_no: 'batchNo' };
const stockJoin = (alias: string) => `${alias}.item_id = k.item_id AND ${alias}.warehouse_id = k.warehouse_id AND ${alias}.batch_no = k.batch_no`;

/** Σ stock moves per item × warehouse × batch against its balance, quantity and value. */
const STOCK_BALANCES: Reconciliation = {
  name: 'stock-balances',
  rows: `SELECT k.item_id AS item_id, k.warehouse_id AS warehouse_id, k.batch_no AS batch_no,
                COALESCE(m.qty, 0) AS e_qty, COALESCE(b.on_hand, 0) AS a_qty, COALESCE(m.value, 0) AS e_value, COALESCE(b.value, 0) AS a_value
           FROM (SELECT item_id, warehouse_id, batch_no FROM stock_balances UNION SELECT item_id, warehouse_id, batch_no FROM stock_moves) k
           LEFT JOIN (SELECT item_id, warehouse_id, batch_no, SUM(qty) AS qty, SUM(value) AS value FROM stock_moves GROUP BY item_id, warehouse_id, batch_no) m ON ${stockJoin('m')}
           LEFT JOIN stock_balances b ON ${stockJoin('b')}`,
  keys: STOCK_KEYS,
  fields: { qty: 'qty', value: 'money' },
};

/** What each balance has reserved against what the documents holding it say they hold. */
const RESERVED: Reconciliation = {
  name: 'stock-reserved',
  rows: `SELECT k.item_id AS item_id, k.warehouse_id AS warehouse_id, k.batch_no AS batch_no, COALESCE(r.qty, 0) AS e_reserved, COALESCE(b.reserved, 0) AS a_reserved
           FROM (SELECT item_id, warehouse_id, batch_no FROM stock_balances UNION SELECT item_id, warehouse_id, batch_no FROM stock_reservations) k
           LEFT JOIN (SELECT item_id, warehouse_id, batch_no, SUM(qty) AS qty FROM stock_reservations GROUP BY item_id, warehouse_id, batch_no) r ON ${stockJoin('r')}
           LEFT JOIN stock_balances b ON ${stockJoin('b')}`,
  keys: STOCK_KEYS,
  fields: { reserved: 'qty' },
};

/**
 * What each approved sales order line holds against what it still has to
 * ship (qty − shipped + returned, never below zero; nothing once the order is
 * closed, cancelled or still a draft): DESIGN §4 "Availability".
 */
const ORDER_RESERVATIONS: Reconciliation = {
  name: 'sales-order-reservations',
  rows: `SELECT k.doc_id AS order_id, k.line AS line, COALESCE(o.open_qty, 0) AS e_reserved, COALESCE(r.qty, 0) AS a_reserved
           FROM (SELECT l.order_id AS doc_id, l.line FROM sales_order_lines l UNION SELECT doc_id, line FROM stock_reservations WHERE doc_type = 'SO') k
           LEFT JOIN (SELECT l.order_id, l.line,
                             CASE WHEN s.status IN ('approved', 'partial', 'done') AND l.qty - l.shipped + l.returned > 0 THEN l.qty - l.shipped + l.returned ELSE 0 END AS open_qty
                        FROM sales_order_lines l JOIN sales_orders s ON s.id = l.order_id) o ON o.order_id = k.doc_id AND o.line = k.line
           LEFT JOIN (SELECT doc_id, line, SUM(qty) AS qty FROM stock_reservations WHERE doc_type = 'SO' GROUP BY doc_id, line) r ON r.doc_id = k.doc_id AND r.line = k.line`,
  keys: { order_id: 'salesOrderId', line: 'line' },
  fields: { reserved: 'qty' },
};

/**
 * Each cash or bank account's balance, in its own currency, against its
 * ledger leaf: debit − credit for a base-currency account, the lines' own
 * amounts (signed by side) for a foreign one — as the money gate moves it.
 */
const cashAccounts = (baseCurrency: string): Reconciliation => ({
  name: 'cash-accounts',
  rows: `SELECT c.code AS code, c.currency AS currency, COALESCE(j.balance, 0) AS e_balance, c.balance AS a_balance
           FROM cash_accounts c
           LEFT JOIN (SELECT l.account_code,
                             SUM(CASE WHEN a.currency = :base THEN l.debit - l.credit WHEN l.debit > 0 THEN l.amount ELSE -l.amount END) AS balance
                        FROM journal_lines l JOIN cash_accounts a ON a.account_code = l.account_code
                       GROUP BY l.account_code) j ON j.account_code = c.account_code`,
  keys: { code: 'code', currency: 'currency' },
  fields: { balance: 'money' },
  replacements: { base: baseCurrency },
  totals: false,
});

const SALES_KEYS = ['customer_id', 'month', 'item_id'];
const salesJoin = (alias: string) => SALES_KEYS.map((k) => `${alias}.${k} = k.${k}`).join(' AND ');

/**
 * What each customer bought of each item per month, maintained for customer
 * analysis (server/modules/customers-admin/customer-sales-summary.ts),
 * against the lines it sums: of invoices and credit notes not cancelled.
 */
const CUSTOMER_SALES: Reconciliation = {
  name: 'customer-sales-summary',
  rows: `SELECT k.customer_id AS customer_id, k.month AS month, k.item_id AS item_id,
                COALESCE(l.lines, 0) AS e_lines, COALESCE(s.lines, 0) AS a_lines, COALESCE(l.qty, 0) AS e_qty, COALESCE(s.qty, 0) AS a_qty,
                COALESCE(l.base_amount, 0) AS e_amount, COALESCE(s.base_amount, 0) AS a_amount, COALESCE(l.base_cost, 0) AS e_cost, COALESCE(s.base_cost, 0) AS a_cost
           FROM (SELECT customer_id, month, item_id FROM sales_customer_item_months
                 UNION SELECT customer_id, SUBSTR(date, 1, 7), item_id FROM sales_invoice_lines WHERE item_id IS NOT NULL) k
           LEFT JOIN (SELECT l.customer_id, SUBSTR(l.date, 1, 7) AS month, l.item_id, COUNT(*) AS lines, SUM(l.qty) AS qty, SUM(l.base_amount) AS base_amount, SUM(l.base_cost) AS base_cost
                        FROM sales_invoice_lines l JOIN sales_invoices i ON i.id = l.invoice_id
                       WHERE i.status <> 'cancelled' AND l.item_id IS NOT NULL
                       GROUP BY l.customer_id, SUBSTR(l.date, 1, 7), l.item_id) l ON ${salesJoin('l')}
           LEFT JOIN sales_customer_item_months s ON ${salesJoin('s')}`,
  keys: { customer_id: 'customerId', month: 'month', item_id: 'itemId' },
  fields: { lines: 'count', qty: 'qty', amount: 'money', cost: 'money' },
};

async function totalsBalance(db: Database, tx?: Transaction): Promise<VerifyCheck> {
  const [t] = await selectRows<{ debit: unknown; credit: unknown }>(db, 'SELECT COALESCE(SUM(debit), 0) AS debit, COALESCE(SUM(credit), 0) AS credit FROM journal_lines', {}, tx);
  const debit = scaled(t?.debit, 'money');
  const credit = scaled(t?.credit, 'money');
  return { name: 'journal-total-balances', ok: debit === credit, expected: { debit, credit: debit }, actual: { debit, credit } };
}

async function mappedAccount(db: Database, role: MappingRole, tx?: Transaction): Promise<string> {
  const [row] = await selectRows<{ account_code: string }>(db, 'SELECT account_code FROM account_mapping WHERE role = :role', { role }, tx);
  return row?.account_code ?? '';
}

/** Debit − credit of an account and its sub-accounts, over the journal lines. */
const ledgerBalance = `SELECT COALESCE(SUM(debit - credit), 0) FROM journal_lines WHERE account_code = :account OR account_code LIKE :children`;

/** A control account against the sum of what its subledger holds; `sign` −1 for a credit-side account. */
async function accountAgainst(db: Database, name: string, role: MappingRole, subledger: string, sign: 1 | -1, tx?: Transaction): Promise<VerifyCheck> {
  const account = await mappedAccount(db, role, tx);
  const [row] = await selectRows<{ ledger: unknown; subledger: unknown }>(
    db,
    `SELECT (${ledgerBalance}) AS ledger, (${subledger}) AS subledger`,
    { account, children: `${account}.%` },
    tx,
  );
  const expected = scaled(row?.subledger, 'money');
  const actual = sign * scaled(row?.ledger, 'money');
  return { name, ok: expected === actual, expected: { account, balance: expected }, actual: { account, balance: actual } };
}

/**
 * Receivables, payables and advances against their open items (DESIGN §5,
 * 6): each control account's balance (debit-positive) equals the signed open
 * base of the open items kept on it — a customer's as it stands, a
 * supplier's the other way round (server/ledgers/open-items.ts writes both).
 * Goods received not invoiced against the receipts' open value.
 */
async function openItemChecks(db: Database, tx?: Transaction): Promise<VerifyCheck[]> {
  const openOn = `SELECT COALESCE(SUM(CASE WHEN partner_type = 'customer' THEN open_base ELSE -open_base END), 0) FROM open_items WHERE account_code = :account`;
  const checks: VerifyCheck[] = [];
  for (const [name, role] of [
    ['receivable-open-items', 'receivable'],
    ['payable-open-items', 'payable'],
    ['customer-advances', 'customerAdvance'],
    ['supplier-advances', 'supplierAdvance'],
  ] as const) {
    checks.push(await accountAgainst(db, name, role, openOn, 1, tx));
  }
  return [...checks, await accountAgainst(db, 'goods-received-not-invoiced', 'grni', GRNI_OPEN_VALUE, -1, tx)];
}

/**
 * What received-not-invoiced (2202.99, a credit-side account) should hold:
 * over the lines of posted receipts, each line's open quantity (qty −
 * returned − invoiced) at its unit cost, round(open × unitCost) half away
 * from zero — the same sum server/modules/goods-receipts/receipt-value.ts
 * releases from. A cancelled receipt's journal is reversed, so it counts nothing.
 */
const GRNI_OPEN = '(l.qty - l.returned - l.invoiced) * l.unit_cost';
const GRNI_OPEN_VALUE = `SELECT COALESCE(SUM(CASE WHEN ${GRNI_OPEN} >= 0 THEN (2 * ${GRNI_OPEN} + 100000) / 200000 ELSE -((-2 * ${GRNI_OPEN} + 100000) / 200000) END), 0)
  FROM goods_receipt_lines l JOIN goods_receipts r ON r.id = l.receipt_id WHERE r.status = 'posted'`;

async function auditChain(options: VerifyOptions): Promise<VerifyCheck> {
  const chain = await options.auditChain();
  const where = chain.firstBrokenId == null ? '' : ` at record ${chain.firstBrokenId}`;
  const actual = chain.ok ? `unbroken (${chain.checked} records)` : `broken${where}: ${chain.reason}`;
  return { name: 'audit-chain', ok: chain.ok, expected: 'unbroken', actual };
}

/**
 * The invariants of DESIGN §5 that exist so far, each naming what it
 * expected and what it found. Read-only; checks run one after another (they
 * may share a transaction's connection), each in a single statement.
 */
export async function verify(db: Database, options: VerifyOptions): Promise<VerifyResult> {
  const { tx } = options;
  const checks: VerifyCheck[] = [];
  checks.push(await reconcile(db, ENTRIES, tx));
  checks.push(await totalsBalance(db, tx));
  checks.push(await reconcile(db, ACCOUNT_BALANCES, tx));
  checks.push(await reconcile(db, STOCK_BALANCES, tx));
  checks.push(await accountAgainst(db, 'inventory-account', 'inventory', 'SELECT COALESCE(SUM(value), 0) FROM stock_balances', 1, tx));
  checks.push(await reconcile(db, RESERVED, tx));
  checks.push(await reconcile(db, ORDER_RESERVATIONS, tx));
  checks.push(...(await openItemChecks(db, tx)));
  checks.push(await reconcile(db, cashAccounts(options.baseCurrency), tx));
  checks.push(await reconcile(db, CUSTOMER_SALES, tx));
  checks.push(await auditChain(options));
  return { ok: checks.every((c) => c.ok), checks };
}

/** The verification as the app runs it, with its own base currency and audit chain. */
export function verifyLedgers(
  services: { db: Database; config: { baseCurrency: string }; audit: { verify(tx?: Transaction): Promise<ChainVerification> } },
  tx?: Transaction,
): Promise<VerifyResult> {
  return verify(services.db, { baseCurrency: services.config.baseCurrency, auditChain: () => services.audit.verify(tx), tx });
}
