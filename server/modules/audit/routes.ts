import { Router } from 'express';
import { Op, WhereOptions } from 'sequelize';
import { AuditRecord, auditQuery } from '../../../contract/platform';
import type { AuditRow } from '../../db/models';
import type { Http } from '../../platform/http';

function toRecord(row: AuditRow): AuditRecord {
  return {
    id: Number(row.id),
    at: new Date(row.at).toISOString(),
    userId: row.userId ?? null,
    username: row.username ?? null,
    action: row.action,
    entity: row.entity,
    entityId: row.entityId ?? null,
    ok: Boolean(row.ok),
    detail: JSON.parse(row.detail),
    ip: row.ip ?? null,
  };
}

/** A bare date as `to` means the whole of that day. */
function endOf(to: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(to) ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000) : new Date(to);
}

export function auditRoutes(http: Http): Router {
  const router = Router();

  router.get('/', http.requirePermission('audit:read'), http.read({ query: auditQuery }, async ({ query, services }) => {
    const at: Record<symbol, Date> = {};
    if (query.from) at[Op.gte] = new Date(query.from);
    if (query.to) at[Op.lt] = endOf(query.to);
    const where: WhereOptions<AuditRow> = {
      ...(query.userId !== undefined && { userId: query.userId }),
      ...(query.entity && { entity: query.entity }),
      ...(query.action && { action: query.action }),
      ...(Object.getOwnPropertySymbols(at).length > 0 && { at }),
    };
    const { rows, count } = await services.models.AuditLog.findAndCountAll({ where, order: [['id', 'DESC']], limit: query.limit, offset: query.offset, raw: true });
    return { data: rows.map(toRecord), total: count };
  }));

  router.get('/verify', http.requirePermission('audit:read'), http.read({}, ({ services }) => services.audit.verify()));

  return router;
}
