import { col, fn, Op, where, WhereOptions } from 'sequelize';
import type { Dialect } from '../db/database';

/**
 * A `?q=` condition: some column contains the text, ignoring (ASCII) case,
 * with `%` and `_` taken literally. LIKE would ignore case on SQLite but not on
 * PostgreSQL and would treat the user's `%` and `_` as wildcards.
 */
export function containsText(dialect: Dialect, columns: string[], text: string): WhereOptions {
  const position = dialect === 'postgres' ? 'strpos' : 'instr';
  const needle = text.toLowerCase();
  return { [Op.or]: columns.map((column) => where(fn(position, fn('lower', col(column)), needle), Op.gt, 0)) };
}
