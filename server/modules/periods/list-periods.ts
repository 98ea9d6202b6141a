import type { PeriodView } from '../../../contract/finance';
import { monthOf } from '../../platform/periods';
import type { Services } from '../../platform/services';
import { firstPostedMonth, monthsBetween, periodRows, toPeriodView } from './period-rows';

/** Every month from the first posting to this one, and any other month that has a row, oldest first. */
export async function listPeriods(services: Services): Promise<{ data: PeriodView[]; total: number }> {
  const { db } = services;
  const current = monthOf(services.calendar.today());
  const first = (await firstPostedMonth(db)) ?? current;
  const rows = new Map((await periodRows(db)).map((r) => [r.month, r]));
  const months = new Set([...monthsBetween(first < current ? first : current, current), ...rows.keys()]);
  const data = [...months].sort().map((month) => toPeriodView(rows.get(month) ?? { month, status: 'open', changed_at: null, changed_by: null, closing_entry_id: null }));
  return { data, total: data.length };
}
