import type { Transaction } from 'sequelize';
import type { z } from 'zod';
import type { EvaluationRequest, evaluationsQuery, EvaluationView } from '../../../contract/suppliers-admin';
import type { Database } from '../../db/database';
import { insertRow, selectOne, selectRows } from '../../db/sql';
import type { Services } from '../../platform/services';
import { supplierById } from './supplier-refs';

function evaluationView(r: Record<string, unknown>): EvaluationView {
  return {
    id: Number(r.id),
    supplierId: Number(r.supplier_id),
    date: String(r.date),
    quality: Number(r.quality),
    delivery: Number(r.delivery),
    price: Number(r.price),
    service: Number(r.service),
    comment: (r.comment as string | null) ?? null,
    userId: r.user_id == null ? null : Number(r.user_id),
  };
}

/** A rating of a supplier (each aspect 1–5), dated today unless given; the scorecard averages those in its window. */
export async function rateSupplier(services: Services, actorId: number, supplierId: number, input: EvaluationRequest, tx: Transaction): Promise<EvaluationView> {
  const { db } = services;
  await supplierById(db, supplierId, tx);
  const date = services.calendar.documentDate(input.date);
  const id = await insertRow(
    db,
    'supplier_evaluations',
    { supplier_id: supplierId, date, quality: input.quality, delivery: input.delivery, price: input.price, service: input.service, comment: input.comment ?? null, user_id: actorId, created_at: services.calendar.now() },
    tx,
  );
  return evaluationView((await selectOne<Record<string, unknown>>(db, 'SELECT * FROM supplier_evaluations WHERE id = :id', { id }, tx))!);
}

/** A supplier's evaluations, newest first. */
export async function listEvaluations(db: Database, supplierId: number, query: z.infer<typeof evaluationsQuery>): Promise<{ data: EvaluationView[]; total: number }> {
  await supplierById(db, supplierId);
  const clauses = ['supplier_id = :supplierId'];
  if (query.from) clauses.push('date >= :from');
  if (query.to) clauses.push('date <= :to');
  const where = `WHERE ${clauses.join(' AND ')}`;
  const replacements = { ...query, supplierId };
  const rows = await selectRows<Record<string, unknown>>(db, `SELECT * FROM supplier_evaluations ${where} ORDER BY date DESC, id DESC LIMIT :limit OFFSET :offset`, replacements);
  const [count] = await selectRows<{ n: number | string }>(db, `SELECT COUNT(*) AS n FROM supplier_evaluations ${where}`, replacements);
  return { data: rows.map(evaluationView), total: Number(count!.n) };
}
