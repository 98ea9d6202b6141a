import type { Transaction } from 'sequelize';
import type { JournalLineInput } from '../../ledgers/general-ledger';
import { AppError, conflict } from '../../platform/errors';
import type { Services } from '../../platform/services';
import type { CashDocument } from './cash-documents';

/**
 * Journals a cash document through the money gate and returns the entry's id.
 * The gate names an overdraft by its journal line; the request knows that
 * account by the field it was named in (`cashAccountId`, `fromCashAccountCode` …),
 * so the refusal is passed on naming that field instead.
 */
export async function postCashJournal(
  services: Services,
  doc: CashDocument,
  lines: JournalLineInput[],
  fieldOfLeaf: Record<string, string>,
  userId: number,
  tx: Transaction,
): Promise<number> {
  try {
    const posted = await services.generalLedger.postJournal(
      { date: doc.date, memo: doc.memo ?? `${doc.number}${doc.kind ? ` ${doc.kind}` : ''}`, source: { type: doc.docType, id: doc.id, number: doc.number }, lines, userId },
      tx,
    );
    if (!posted) throw new Error(`cash document ${doc.number} has nothing to journal`);
    return posted.id;
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'cash.overdraft') throw err;
    const [issue] = err.errors;
    const field = issue?.row !== undefined ? fieldOfLeaf[lines[issue.row]?.accountCode ?? ''] : undefined;
    if (!issue || !field) throw err;
    throw conflict(err.wording, [{ path: field, message: issue.message, code: issue.code }]);
  }
}
