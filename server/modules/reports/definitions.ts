import type { Transaction } from 'sequelize';
import type { CreateDefinitionRequest, ReportDefinitionView, ReportRange, UpdateDefinitionRequest } from '../../../contract/reports';
import type { Actor } from '../../platform/actor';
import type { Language } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import type { ExpectedVersions } from '../../platform/versions';

/*
 * Saved custom reports (/report-definitions): private to the owner or
 * shared; an actor sees their own and the shared ones, and changes only
 * their own (admins any). Owned by the custom-reports work.
 */
export async function listDefinitions(_services: Services, _actor: Actor, _page: { limit: number; offset: number }): Promise<{ data: ReportDefinitionView[]; total: number }> {
  throw new Error('report definitions: not built yet');
}
export async function getDefinition(_services: Services, _actor: Actor, _id: number): Promise<ReportDefinitionView> {
  throw new Error('report definitions: not built yet');
}
export async function createDefinition(_services: Services, _actor: Actor, _body: CreateDefinitionRequest, _tx: Transaction): Promise<ReportDefinitionView> {
  throw new Error('report definitions: not built yet');
}
export async function updateDefinition(_services: Services, _actor: Actor, _id: number, _body: UpdateDefinitionRequest, _expected: ExpectedVersions, _tx: Transaction): Promise<{ before: ReportDefinitionView; after: ReportDefinitionView }> {
  throw new Error('report definitions: not built yet');
}
export async function deleteDefinition(_services: Services, _actor: Actor, _id: number, _expected: ExpectedVersions, _tx: Transaction): Promise<ReportDefinitionView> {
  throw new Error('report definitions: not built yet');
}
/** POST /reports/run {id: "custom:<id>"}. */
export async function runDefinition(_services: Services, _actor: Actor, _language: Language, _id: number): Promise<ReportRange> {
  throw new Error('report definitions: not built yet');
}
