import type { Transaction } from 'sequelize';
import type { z } from 'zod';
import { fromScaled, toScaled } from '../../../contract/decimals';
import type { ContractStatus, ContractView, contractsQuery, CreateContractRequest, UpdateContractRequest } from '../../../contract/suppliers-admin';
import type { Database } from '../../db/database';
import { execute, insertRow, selectOne, selectRows } from '../../db/sql';
import { insertNumbered } from '../../documents/numbering';
import { conflict, FieldIssue, fieldError, invalid, notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { claimNextRowVersion, ExpectedVersions } from '../../platform/versions';
import { ItemRef, resolveLineItems } from '../stock/references';
import { lockSupplier, resolveSupplier, SupplierRef } from './supplier-refs';

type Line = CreateContractRequest['lines'][number];
interface Terms {
  startDate: string;
  endDate: string;
  currency: string;
}

/**
 * Supplier contracts: prices per item valid from a start to an end date
 * (both inclusive). Of one supplier's active contracts, at most one prices an
 * item on any day, so a purchase order's contract price is never ambiguous
 * (contract-prices.ts). The supplier's row is the lock writers queue on.
 */
export async function createContract(services: Services, actorId: number, input: CreateContractRequest, tx: Transaction): Promise<ContractView> {
  const { db } = services;
  const supplier = await resolveSupplier(db, input, tx, true);
  const terms = { startDate: input.startDate, endDate: input.endDate, currency: input.currency ?? supplier.currency };
  assertDates(terms);
  await assertCurrencyKnown(db, terms.currency, tx);
  const items = await resolveContractLines(db, input.lines, tx);
  await assertNoOverlap(db, supplier, null, terms, input.lines, items, tx);
  const now = services.calendar.now();
  const { id } = await insertNumbered(db, tx, 'supplier_contracts', 'SC', services.calendar.today(), {
    supplier_id: supplier.id,
    title: input.title,
    start_date: terms.startDate,
    end_date: terms.endDate,
    currency: terms.currency,
    payment_terms_days: input.paymentTermsDays ?? null,
    note: input.note ?? null,
    status: 'active',
    version: 1,
    user_id: actorId,
    created_at: now,
    updated_at: now,
  });
  await insertLines(db, id, input.lines, items, tx);
  return getContract(db, id, tx);
}

/** Changes an active contract's terms or (all of) its lines, re-checking overlaps; a stale version → 412. */
export async function updateContract(services: Services, id: number, input: UpdateContractRequest, expected: ExpectedVersions, tx: Transaction): Promise<{ before: ContractView; after: ContractView }> {
  const { db } = services;
  const before = await getContract(db, id, tx);
  await lockSupplier(db, before.supplierId, tx);
  await claimNextVersion(db, id, expected, tx);
  assertActive(before);
  const terms = { startDate: input.startDate ?? before.startDate, endDate: input.endDate ?? before.endDate, currency: input.currency ?? before.currency };
  assertDates(terms, input.startDate === undefined ? 'endDate' : 'startDate');
  if (input.currency !== undefined) await assertCurrencyKnown(db, terms.currency, tx);
  const lines: Line[] = input.lines ?? before.lines.map((l) => ({ itemId: l.itemId, unitPrice: l.unitPrice, minQty: l.minQty }));
  const items = await resolveContractLines(db, lines, tx);
  await assertNoOverlap(db, { id: before.supplierId, code: before.supplierCode }, id, terms, lines, items, tx);
  const columns: Record<string, unknown> = {
    title: input.title,
    start_date: input.startDate,
    end_date: input.endDate,
    currency: input.currency,
    payment_terms_days: input.paymentTermsDays,
    note: input.note,
  };
  const set = Object.keys(columns).filter((c) => columns[c] !== undefined);
  await execute(db, `UPDATE supplier_contracts SET ${[...set.map((c) => `${c} = :${c}`), 'updated_at = :now'].join(', ')} WHERE id = :id`, { ...columns, now: services.calendar.now(), id }, tx);
  if (input.lines) {
    await execute(db, 'DELETE FROM supplier_contract_lines WHERE contract_id = :id', { id }, tx);
    await insertLines(db, id, lines, items, tx);
  }
  return { before, after: await getContract(db, id, tx) };
}

/** Ends an active contract: it prices nothing from now on, and no longer counts in overlaps. Twice → 409. */
export async function terminateContract(services: Services, id: number, expected: ExpectedVersions, tx: Transaction): Promise<{ before: ContractView; after: ContractView }> {
  const { db } = services;
  const before = await getContract(db, id, tx);
  await lockSupplier(db, before.supplierId, tx);
  await claimNextVersion(db, id, expected, tx);
  assertActive(before);
  await execute(db, "UPDATE supplier_contracts SET status = 'terminated', updated_at = :now WHERE id = :id", { now: services.calendar.now(), id }, tx);
  return { before, after: await getContract(db, id, tx) };
}

function assertActive(contract: ContractView): void {
  if (contract.status !== 'active') throw conflict(msg('contract.terminated', { number: contract.number }));
}

function assertDates(terms: Terms, path: 'startDate' | 'endDate' = 'endDate'): void {
  if (terms.endDate >= terms.startDate) return;
  throw invalid(msg('contract.dates', terms), [fieldError([path], msg(path === 'endDate' ? 'contract.dates:end' : 'contract.dates:start', terms))]);
}

async function assertCurrencyKnown(db: Database, code: string, tx: Transaction): Promise<void> {
  if (await selectOne(db, 'SELECT code FROM currencies WHERE code = :code', { code }, tx)) return;
  throw invalid(msg('cash.currency-unknown', { code }), [fieldError(['currency'], msg('cash.currency-unknown:field', { code }))]);
}

/** The lines' items; one item priced twice from the same quantity is ambiguous (tiers differ by minQty). */
async function resolveContractLines(db: Database, lines: Line[], tx: Transaction): Promise<ItemRef[]> {
  const items = await resolveLineItems(db, lines, tx);
  const seen = new Map<string, number>();
  const errors: FieldIssue[] = [];
  lines.forEach((line, i) => {
    const key = `${items[i]!.id}:${line.minQty ?? 0}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else errors.push(fieldError(['lines', i, line.itemId !== undefined ? 'itemId' : 'sku'], msg('contract.line-repeated:field', { sku: items[i]!.sku, line: first + 1 })));
  });
  if (errors.length) throw invalid(msg('contract.line-repeated'), errors);
  return items;
}

/**
 * Another active contract of the supplier pricing one of these items on a day
 * these terms also cover → 409 naming each such line and the other contract.
 * Dates are inclusive: a contract may start the day after another ends.
 */
async function assertNoOverlap(db: Database, supplier: Pick<SupplierRef, 'id' | 'code'>, selfId: number | null, terms: Terms, lines: Line[], items: ItemRef[], tx: Transaction): Promise<void> {
  const rivals = await selectRows<{ number: string; start_date: string; end_date: string; item_id: number }>(
    db,
    `SELECT c.number, c.start_date, c.end_date, l.item_id FROM supplier_contracts c JOIN supplier_contract_lines l ON l.contract_id = c.id
      WHERE c.supplier_id = :supplierId AND c.status = 'active' AND c.id <> :selfId
        AND c.start_date <= :endDate AND c.end_date >= :startDate AND l.item_id IN (:itemIds)
      ORDER BY c.number`,
    { supplierId: supplier.id, selfId: selfId ?? 0, startDate: terms.startDate, endDate: terms.endDate, itemIds: [...new Set(items.map((i) => i.id))] },
    tx,
  );
  if (!rivals.length) return;
  const errors: FieldIssue[] = [];
  lines.forEach((line, i) => {
    const rival = rivals.find((r) => Number(r.item_id) === items[i]!.id);
    if (!rival) return;
    const named = { sku: items[i]!.sku, other: rival.number, startDate: rival.start_date, endDate: rival.end_date };
    errors.push(fieldError(['lines', i, line.itemId !== undefined ? 'itemId' : 'sku'], msg('contract.overlap:field', named)));
  });
  const first = rivals[0]!;
  const firstLine = lines.findIndex((_, i) => items[i]!.id === Number(first.item_id));
  throw conflict(msg('contract.overlap', { line: firstLine + 1, sku: items[firstLine]!.sku, other: first.number, startDate: first.start_date, endDate: first.end_date }), errors);
}

async function insertLines(db: Database, contractId: number, lines: Line[], items: ItemRef[], tx: Transaction): Promise<void> {
  for (const [i, line] of lines.entries()) {
    await insertRow(db, 'supplier_contract_lines', { contract_id: contractId, line: i + 1, item_id: items[i]!.id, unit_price: toScaled(line.unitPrice, 'price'), min_qty: line.minQty == null ? null : toScaled(line.minQty, 'qty') }, tx);
  }
}

/** The contract's next version, provided it is still at one the caller expects (platform/versions.ts). */
function claimNextVersion(db: Database, id: number, expected: ExpectedVersions, tx: Transaction): Promise<void> {
  return claimNextRowVersion(db, 'supplier_contracts', id, expected, tx, (current) => msg('entity.supplier-contract', { id: current?.number ?? id }));
}

const SELECT = `SELECT c.*, s.code AS supplier_code FROM supplier_contracts c JOIN suppliers s ON s.id = c.supplier_id`;

function contractView(r: Record<string, unknown>, lines: ContractView['lines']): ContractView {
  return {
    id: Number(r.id),
    number: String(r.number),
    supplierId: Number(r.supplier_id),
    supplierCode: String(r.supplier_code),
    title: String(r.title),
    startDate: String(r.start_date),
    endDate: String(r.end_date),
    currency: String(r.currency),
    paymentTermsDays: r.payment_terms_days == null ? null : Number(r.payment_terms_days),
    note: (r.note as string | null) ?? null,
    status: r.status as ContractStatus,
    version: Number(r.version),
    lines,
  };
}

async function linesOf(db: Database, ids: number[], tx?: Transaction): Promise<Map<number, ContractView['lines']>> {
  const byContract = new Map<number, ContractView['lines']>(ids.map((id) => [id, []]));
  if (!ids.length) return byContract;
  const rows = await selectRows<Record<string, unknown>>(
    db,
    'SELECT l.*, i.sku FROM supplier_contract_lines l JOIN items i ON i.id = l.item_id WHERE l.contract_id IN (:ids) ORDER BY l.contract_id, l.line',
    { ids },
    tx,
  );
  for (const r of rows) {
    byContract.get(Number(r.contract_id))!.push({
      line: Number(r.line),
      itemId: Number(r.item_id),
      sku: String(r.sku),
      unitPrice: fromScaled(r.unit_price as number, 'price'),
      minQty: r.min_qty == null ? null : fromScaled(r.min_qty as number, 'qty'),
    });
  }
  return byContract;
}

export async function getContract(db: Database, id: number, tx?: Transaction): Promise<ContractView> {
  const row = await selectOne<Record<string, unknown>>(db, `${SELECT} WHERE c.id = :id`, { id }, tx);
  if (!row) throw notFound(msg('entity.supplier-contract', { id }));
  return contractView(row, (await linesOf(db, [id], tx)).get(id)!);
}

/** Newest first; `q` matches the number or the title, ignoring case. */
export async function listContracts(db: Database, query: z.infer<typeof contractsQuery>): Promise<{ data: ContractView[]; total: number }> {
  const clauses: string[] = [];
  if (query.supplierId !== undefined) clauses.push('c.supplier_id = :supplierId');
  if (query.status) clauses.push('c.status = :status');
  const position = db.dialect === 'postgres' ? 'strpos' : 'instr';
  if (query.q) clauses.push(`(${position}(lower(c.number), :q) > 0 OR ${position}(lower(c.title), :q) > 0)`);
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  const replacements = { ...query, q: query.q?.toLowerCase() };
  const rows = await selectRows<Record<string, unknown>>(db, `${SELECT} ${where} ORDER BY c.id DESC LIMIT :limit OFFSET :offset`, replacements);
  const [count] = await selectRows<{ n: number | string }>(db, `SELECT COUNT(*) AS n FROM supplier_contracts c ${where}`, replacements);
  const lines = await linesOf(db, rows.map((r) => Number(r.id)));
  return { data: rows.map((r) => contractView(r, lines.get(Number(r.id))!)), total: Number(count!.n) };
}
