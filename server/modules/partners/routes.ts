import { Router } from 'express';
import { Op, Transaction, WhereOptions } from 'sequelize';
import type { ZodType } from 'zod';
import { fromScaled, toScaled } from '../../../contract/decimals';
import { customerRequest, PartnerListQuery, partnerListQuery, PartnerRequest, PartnerView, supplierRequest, UpdatePartnerRequest, updateCustomerRequest, updateSupplierRequest } from '../../../contract/master-data';
import type { PartnerRow } from '../../db/inventory-models';
import type { Table } from '../../db/models';
import { conflict, fieldError, notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Http } from '../../platform/http';
import { idParams } from '../../platform/params';
import type { Permission } from '../../platform/permissions/catalogue';
import { containsText } from '../../platform/search';
import type { Services } from '../../platform/services';
import { claimNextVersion, expectedVersions } from '../../platform/versions';

type PartnerKind = 'supplier' | 'customer';

function view(row: PartnerRow, kind: PartnerKind): PartnerView {
  const out: PartnerView = {
    id: row.id,
    code: row.code,
    name: row.name,
    category: row.category ?? null,
    grade: row.grade ?? null,
    contact: row.contact ?? null,
    phone: row.phone ?? null,
    email: row.email ?? null,
    address: row.address ?? null,
    paymentTermsDays: row.paymentTermsDays ?? null,
    currency: row.currency,
    active: Boolean(row.active),
    version: row.version,
  };
  if (kind === 'customer') out.creditLimit = row.creditLimit == null ? null : fromScaled(row.creditLimit, 'money');
  return out;
}

function columns(input: Omit<UpdatePartnerRequest, 'version'>): Partial<PartnerRow> {
  const { creditLimit, ...rest } = input;
  const out: Partial<PartnerRow> = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  if (creditLimit !== undefined) out.creditLimit = creditLimit === null ? null : toScaled(creditLimit, 'money');
  return out;
}

/** The list's conditions; a blank `category` or `grade` (`?grade=`, as a cleared filter sends) filters nothing. */
function listFilter(services: Services, query: PartnerListQuery): WhereOptions<PartnerRow> {
  const conditions: WhereOptions<PartnerRow>[] = [];
  if (query.q) conditions.push(containsText(services.db.dialect, ['code', 'name'], query.q));
  for (const field of ['category', 'grade'] as const) {
    const value = query[field]?.trim();
    if (value) conditions.push({ [field]: value });
  }
  return { [Op.and]: conditions };
}

/** Suppliers and customers share one shape and one set of routes; later modules deepen each. */
function partnerRoutes(http: Http, kind: PartnerKind, model: (s: Services) => Table<PartnerRow>, create: ZodType<PartnerRequest>, update: ZodType<UpdatePartnerRequest>): Router {
  const router = Router();
  const can = (action: string) => http.requirePermission(`${kind}:${action}` as Permission);
  const label = kind === 'supplier' ? 'entity.supplier' : 'entity.customer';
  const codeTaken = kind === 'supplier' ? 'record.duplicate:supplier-code' : 'record.duplicate:customer-code';

  async function find(services: Services, id: number, tx?: Transaction): Promise<PartnerRow> {
    const row = await model(services).findOne({ where: { id }, transaction: tx, raw: true });
    if (!row) throw notFound(msg(label, { id }));
    return row;
  }
  async function assertCodeFree(services: Services, code: string, tx: Transaction, exceptId?: number) {
    const taken = await model(services).findOne({ where: { code }, attributes: ['id'], transaction: tx, raw: true });
    if (taken && taken.id !== exceptId) throw conflict(msg(codeTaken, { code }), [fieldError(['code'], msg('record.duplicate:field'))]);
  }

  router.get('/', can('read'), http.read({ query: partnerListQuery }, async ({ query, services }) => {
    const where = listFilter(services, query);
    const { rows, count } = await model(services).findAndCountAll({ where, order: [['code', 'ASC']], limit: query.limit, offset: query.offset, raw: true });
    return { data: rows.map((r) => view(r, kind)), total: count };
  }));

  router.get('/:id', can('read'), http.read({ params: idParams }, async ({ services, params }) => view(await find(services, params.id), kind)));

  router.post('/', can('create'), http.write({ action: 'create', entity: kind, body: create, status: 201 }, async ({ services, body, tx }) => {
    await assertCodeFree(services, body.code, tx);
    const created = await model(services).create(columns(body), { transaction: tx });
    const after = view(await find(services, Number(created.get('id')), tx), kind);
    return { body: after, entityId: after.id, detail: { after } };
  }));

  router.patch('/:id', can('update'), http.write({ action: 'update', entity: kind, body: update, params: idParams }, async ({ services, body, params, tx, ifMatch }) => {
    const { version, ...changes } = body;
    const before = view(await find(services, params.id, tx), kind);
    await claimNextVersion(model(services), params.id, expectedVersions(ifMatch, version), tx, msg(label, { id: before.code }));
    if (changes.code !== undefined) await assertCodeFree(services, changes.code, tx, params.id);
    await model(services).update(columns(changes), { where: { id: params.id }, transaction: tx });
    const after = view(await find(services, params.id, tx), kind);
    return { body: after, entityId: after.id, detail: { before, after } };
  }));

  router.delete('/:id', can('delete'), http.write({ action: 'delete', entity: kind, params: idParams }, async ({ services, params, tx }) => {
    const before = view(await find(services, params.id, tx), kind);
    // Referenced rows (items naming a default supplier, later documents) make the delete a 409.
    await model(services).destroy({ where: { id: params.id }, transaction: tx });
    return { body: null, status: 204, entityId: before.id, detail: { before } };
  }));

  return router;
}

export const supplierRoutes = (http: Http) => partnerRoutes(http, 'supplier', (s) => s.models.Supplier, supplierRequest, updateSupplierRequest);
export const customerRoutes = (http: Http) => partnerRoutes(http, 'customer', (s) => s.models.Customer, customerRequest, updateCustomerRequest);
