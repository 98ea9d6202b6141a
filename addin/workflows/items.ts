/** The items sheet: pulled and published as every master-data sheet is (records.ts). */
import type { ItemRequest, UpdateItemRequest } from '../../contract/master-data';
import type { VersionedItem } from '../api/api-client';
import { ItemRecord, ITEMS_SHEET } from '../sheets/items-sheet';
import type { Outcome, WorkflowContext } from './context';
import { publishRecords, pullRecords, RecordEndpoints } from './records';

const ITEMS: RecordEndpoints<VersionedItem, ItemRecord> = {
  sheet: ITEMS_SHEET,
  list: (ctx, onProgress) => ctx.api.items(onProgress),
  create: (ctx, body, ref) => ctx.api.createItem(body as ItemRequest, ref),
  update: (ctx, id, body, version) => ctx.api.updateItem(id, body as UpdateItemRequest, version),
  refresh: (ctx) => ctx.lookups(true),
  pullAction: 'action.pullItems',
  pulled: 'result.itemsPulled',
  published: 'result.itemsPublished',
  unpublished: 'result.itemsUnpublished',
  offer: 'pullItemsAnyway',
};

export const pullItems = (ctx: WorkflowContext, force: boolean): Promise<Outcome> => pullRecords(ctx, ITEMS, force);
export const publishItems = (ctx: WorkflowContext): Promise<Outcome> => publishRecords(ctx, ITEMS);
