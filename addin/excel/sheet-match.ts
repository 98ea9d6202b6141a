/**
 * Which sheet an action works on: the active sheet when it is of the right
 * kind (by its JXC table or its name), otherwise the first sheet named for
 * that kind in either language.
 */
export interface SheetMatch {
  names: string[];
  prefixes?: string[];
  tablePrefix: string;
}

function nameMatches(match: SheetMatch, name: string): boolean {
  const n = name.trim().toLowerCase();
  return match.names.some((x) => x.toLowerCase() === n) || (match.prefixes ?? []).some((p) => n.startsWith(p.toLowerCase()));
}

export function chooseSheet(match: SheetMatch, active: { name: string; tables: string[] } | null, sheetNames: string[]): string | null {
  if (active && (active.tables.some((t) => t.startsWith(match.tablePrefix)) || nameMatches(match, active.name))) return active.name;
  return sheetNames.find((n) => nameMatches(match, n)) ?? null;
}

/** A sheet name not yet taken (case-insensitively), within Excel's 31 characters. */
export function freeSheetName(wanted: string, taken: string[]): string {
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  const base = wanted.replace(/[[\]:*?/\\]/g, '-').slice(0, 31);
  if (!lower.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const candidate = base.slice(0, 31 - suffix.length) + suffix;
    if (!lower.has(candidate.toLowerCase())) return candidate;
  }
}

export function freeTableName(wanted: string, taken: string[]): string {
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  if (!lower.has(wanted.toLowerCase())) return wanted;
  for (let i = 2; ; i++) if (!lower.has(`${wanted}_${i}`.toLowerCase())) return `${wanted}_${i}`;
}
