import { selectOne } from '../db/sql';
import { fieldError, invalid } from '../platform/errors';
import { msg } from '../platform/i18n/message';
import type { Actor } from '../platform/actor';
import { assertWarehouseInScope } from '../platform/permissions/scope';
import type { Services } from '../platform/services';
import type { DefaultsContext, ParameterSpec, ResolvedParameters } from './report';

/*
 * A report's parameters as the client sent them, checked against the
 * report's declaration: unknown keys and wrong types are 422 naming the
 * parameter, references are resolved (a warehouse outside the actor's scope
 * is 403), defaults filled in. `echo` is what the range reports back: the
 * values as given or defaulted, references as codes.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

const REF_TABLES = { warehouse: 'warehouses', customer: 'customers', supplier: 'suppliers', item: 'items' } as const;

function validDate(v: string): boolean {
  if (!DATE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export async function resolveParameters(
  services: Services,
  actor: Actor,
  specs: ParameterSpec[],
  given: Record<string, unknown>,
  defaults: DefaultsContext,
): Promise<{ params: ResolvedParameters; echo: Record<string, unknown> }> {
  const known = new Set(specs.map((s) => s.key));
  const unknown = Object.keys(given).filter((k) => !known.has(k));
  if (unknown.length) {
    throw invalid(msg('report.parameter-unknown', { name: unknown.join(', ') }), unknown.map((k) => fieldError(['parameters', k], msg('report.parameter-unknown:field'), 'report.parameter-unknown')));
  }
  const params: ResolvedParameters = {};
  const echo: Record<string, unknown> = {};
  for (const spec of specs) {
    let value = given[spec.key];
    if (value === '' || value === null) value = undefined;
    if (value === undefined && spec.default !== undefined) value = typeof spec.default === 'function' ? (spec.default as (c: DefaultsContext) => unknown)(defaults) : spec.default;
    if (value === undefined) {
      if (spec.required) throw invalid(msg('report.parameter-required', { name: spec.key }), [fieldError(['parameters', spec.key], msg('validation.required'), 'validation.required')]);
      continue;
    }
    echo[spec.key] = value;
    params[spec.key] = await parseOne(services, actor, spec, value);
  }
  return { params, echo };
}

function wrong(spec: ParameterSpec, expected: string): never {
  throw invalid(msg('report.parameter-type', { name: spec.key, expected }), [fieldError(['parameters', spec.key], msg('report.parameter-type:field', { expected }), 'report.parameter-type')]);
}

async function parseOne(services: Services, actor: Actor, spec: ParameterSpec, value: unknown): Promise<unknown> {
  switch (spec.type) {
    case 'date':
      if (typeof value !== 'string' || !validDate(value)) wrong(spec, 'YYYY-MM-DD');
      return value;
    case 'period':
      if (typeof value !== 'string' || !PERIOD.test(value)) wrong(spec, 'YYYY-MM');
      return value;
    case 'string':
    case 'category':
      if (typeof value !== 'string' || value.length > 200) wrong(spec, 'text');
      return value.trim();
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) wrong(spec, 'number');
      return n;
    }
    case 'boolean':
      if (value === 'true' || value === 'false') return value === 'true';
      if (typeof value !== 'boolean') wrong(spec, 'true / false');
      return value;
    case 'enum': {
      const allowed = (spec.options ?? []).map((o) => o.value);
      if (typeof value !== 'string' || !allowed.includes(value)) wrong(spec, allowed.join(' | '));
      return value;
    }
    case 'account': {
      if (typeof value !== 'string' && typeof value !== 'number') wrong(spec, 'account code');
      const row = await selectOne<{ code: string; name: string }>(services.db, 'SELECT code, name FROM accounts WHERE code = :code', { code: String(value) });
      if (!row) throw notFoundRef(spec, String(value));
      return { code: row.code, name: row.name };
    }
    default: {
      const table = REF_TABLES[spec.type];
      if (typeof value !== 'string' && typeof value !== 'number') wrong(spec, `${spec.type} code`);
      const byId = typeof value === 'number' || /^\d+$/.test(value) ? Number(value) : null;
      // A code made only of digits is a code first, then an id.
      const row =
        (await selectOne<{ id: number; code: string; name: string }>(services.db, `SELECT id, ${spec.type === 'item' ? 'sku' : 'code'} AS code, name FROM ${table} WHERE ${spec.type === 'item' ? 'sku' : 'code'} = :code`, { code: String(value) })) ??
        (byId !== null ? await selectOne<{ id: number; code: string; name: string }>(services.db, `SELECT id, ${spec.type === 'item' ? 'sku' : 'code'} AS code, name FROM ${table} WHERE id = :id`, { id: byId }) : null);
      if (!row) throw notFoundRef(spec, String(value));
      if (spec.type === 'warehouse') assertWarehouseInScope(actor, Number(row.id));
      return { id: Number(row.id), code: row.code, name: row.name };
    }
  }
}

function notFoundRef(spec: ParameterSpec, ref: string) {
  return invalid(msg('report.parameter-unknown-ref', { name: spec.key, ref }), [fieldError(['parameters', spec.key], msg('report.parameter-unknown-ref:field', { ref }), 'report.parameter-unknown-ref')]);
}
