import type { AccountType } from '../../../contract/finance';
import type { Database } from '../../db/database';
import { selectRows } from '../../db/sql';

export interface AccountNode {
  code: string;
  name: string;
  nameEn: string | null;
  type: AccountType;
  parentCode: string | null;
  children: AccountNode[];
}

/** The whole chart in code order, each account with its children: a chart is hundreds of rows, read at once. */
export async function accountTree(db: Database): Promise<AccountNode[]> {
  const rows = await selectRows<{ code: string; name: string; name_en: string | null; type: AccountType; parent_code: string | null }>(
    db,
    'SELECT code, name, name_en, type, parent_code FROM accounts ORDER BY code',
  );
  const nodes = rows.map((r): AccountNode => ({ code: r.code, name: r.name, nameEn: r.name_en ?? null, type: r.type, parentCode: r.parent_code ?? null, children: [] }));
  const byCode = new Map(nodes.map((n) => [n.code, n]));
  for (const n of nodes) if (n.parentCode) byCode.get(n.parentCode)?.children.push(n);
  return nodes;
}

/** An account and everything below it. */
export function subtree(root: AccountNode): AccountNode[] {
  return [root, ...root.children.flatMap(subtree)];
}
