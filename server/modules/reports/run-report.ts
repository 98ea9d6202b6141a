import type { ReportRange } from '../../../contract/reports';
import type { Actor } from '../../platform/actor';
import { forbidden } from '../../platform/errors';
import { msg, Language } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { runStandardReport } from '../../reports/registry';
import { runDefinition } from './definitions';

const CUSTOM = /^custom:(\d+)$/;

/** POST /reports/run: a standard report by id, or a saved custom report as `custom:<id>`. */
export async function runReport(services: Services, actor: Actor, language: Language, id: string, parameters: Record<string, unknown>): Promise<ReportRange> {
  const saved = CUSTOM.exec(id);
  if (saved) {
    if (!actor.permissions.has('report:custom')) throw forbidden(msg('permission.denied', { permission: 'report:custom' }));
    return runDefinition(services, actor, language, Number(saved[1]));
  }
  return runStandardReport(services, actor, language, id, parameters);
}
