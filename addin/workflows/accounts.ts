/** Pulling the chart of accounts with balances as of a date into the Accounts sheet, replacing what it showed. */
import { writeTableSheet } from '../excel/write-table-sheet';
import { accountRows, ACCOUNTS_LAYOUT } from '../sheets/accounts-sheet';
import { parseDate } from '../sheets/cells';
import { fractionOf, Outcome, outcome, WorkflowContext, WorkflowError } from './context';
import { tableSpec } from './sheet-io';

export async function pullAccounts(ctx: WorkflowContext, asOfText: string): Promise<Outcome> {
  const asOf = parseDate(asOfText, { required: true });
  if (!asOf.ok) throw new WorkflowError('error.badDate');
  const date = asOf.value!;
  ctx.progress('progress.fetching', null);
  const [accounts, balances] = await Promise.all([ctx.api.accounts(), ctx.api.accountBalances(date)]);
  const rows = accountRows(accounts, balances, date, ctx.language, ctx.t);
  ctx.progress('progress.writing', 0);
  const written = await writeTableSheet(tableSpec(ctx, ACCOUNTS_LAYOUT, rows, { refresh: true }), (done, total) => ctx.progress('progress.writing', fractionOf(done, total)));
  return outcome('ok', 'result.accountsPulled', { count: rows.length, sheet: written.sheetName, date });
}
