import { Router } from 'express';
import { Op, Transaction, WhereOptions } from 'sequelize';
import { listQuery, updateWarehouseRequest, warehouseRequest, WarehouseView } from '../../../contract/platform';
import type { PlatformModels, WarehouseRow } from '../../db/models';
import type { Actor } from '../../platform/actor';
import { conflict, fieldError, notFound } from '../../platform/errors';
import type { Http } from '../../platform/http';
import { msg } from '../../platform/i18n/message';
import { idParams } from '../../platform/params';
import { assertWarehouseInScope, warehouseScope } from '../../platform/permissions/scope';
import { containsText } from '../../platform/search';
import { claimNextVersion, expectedVersions } from '../../platform/versions';

function toView(row: WarehouseRow): WarehouseView {
  return { id: row.id, code: row.code, name: row.name, address: row.address ?? null, active: Boolean(row.active), version: row.version };
}

async function findInScope(models: PlatformModels, actor: Actor, id: number, tx?: Transaction): Promise<WarehouseRow> {
  const row = await models.Warehouse.findOne({ where: { id }, transaction: tx, raw: true });
  if (!row) throw notFound(msg('entity.warehouse', { id }));
  assertWarehouseInScope(actor, id);
  return row;
}

async function assertCodeFree(models: PlatformModels, code: string, tx: Transaction, exceptId?: number): Promise<void> {
  const taken = await models.Warehouse.findOne({ where: { code }, transaction: tx, raw: true });
  if (taken && taken.id !== exceptId) throw conflict(msg('record.duplicate:warehouse-code', { code }), [fieldError(['code'], msg('record.duplicate:field'))]);
}

export function warehouseRoutes(http: Http): Router {
  const router = Router();
  const entity = 'warehouse';

  router.get('/', http.requirePermission('warehouse:read'), http.read({ query: listQuery }, async ({ query, actor, services }) => {
    const scope = warehouseScope(actor);
    const where: WhereOptions<WarehouseRow> = {
      [Op.and]: [scope ? { id: scope } : {}, query.q ? containsText(services.db.dialect, ['code', 'name'], query.q) : {}],
    };
    const { rows, count } = await services.models.Warehouse.findAndCountAll({ where, order: [['code', 'ASC']], limit: query.limit, offset: query.offset, raw: true });
    return { data: rows.map(toView), total: count };
  }));

  router.get('/:id', http.requirePermission('warehouse:read'), http.read({ params: idParams, entity }, async ({ params, actor, services }) =>
    toView(await findInScope(services.models, actor, params.id)),
  ));

  router.post('/', http.requirePermission('warehouse:create'), http.write({ action: 'create', entity, body: warehouseRequest, status: 201 }, async ({ body, services, tx }) => {
    await assertCodeFree(services.models, body.code, tx);
    const created = await services.models.Warehouse.create({ ...body, address: body.address ?? null }, { transaction: tx });
    const view = toView(created.get({ plain: true }) as WarehouseRow);
    return { body: view, entityId: view.id, detail: { after: view } };
  }));

  router.patch('/:id', http.requirePermission('warehouse:update'), http.write({ action: 'update', entity, body: updateWarehouseRequest, params: idParams }, async ({ body, params, actor, services, tx, ifMatch }) => {
    const { version, ...changes } = body;
    const before = toView(await findInScope(services.models, actor, params.id, tx));
    await claimNextVersion(services.models.Warehouse, params.id, expectedVersions(ifMatch, version), tx, msg('entity.warehouse', { id: before.code }));
    if (changes.code !== undefined) await assertCodeFree(services.models, changes.code, tx, params.id);
    await services.models.Warehouse.update(changes, { where: { id: params.id }, transaction: tx });
    const after = toView(await findInScope(services.models, actor, params.id, tx));
    return { body: after, entityId: after.id, detail: { before, after } };
  }));

  return router;
}
