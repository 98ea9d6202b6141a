import type { FunctionsRequest, FunctionsResponse } from '../../../contract/reports';
import type { Actor } from '../../platform/actor';
import type { Language } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';

/*
 * POST /reports/functions: the =JXC.* custom functions of one recalculation,
 * evaluated together (set-based reads, one per function kind) and answered
 * in the calls' order. Owned by the custom-functions work.
 */
export async function evaluateFunctions(_services: Services, _actor: Actor, _language: Language, _request: FunctionsRequest): Promise<FunctionsResponse> {
  throw new Error('custom functions: not built yet');
}
