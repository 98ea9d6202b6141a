/**
 * The add-in's workflows against the real server and the fake workbook: a
 * signed-in API client whose network can be cut, a workflow context, and
 * helpers to read sheets back.
 */
import { ApiClient } from '../../addin/api/api-client';
import { Language, translator } from '../../addin/i18n';
import type { WorkflowContext } from '../../addin/workflows/context';
import { LookupsCache } from '../../addin/workflows/lookups-cache';
import type { FakeExcelHandle } from '../../addin/preview/fake-excel/fake-excel';
import type { TestApp } from './test-app';

export type NetworkMode = 'up' | 'down' | 'drop-answer';

/** fetch with a switch: `down` fails before the server sees anything, `drop-answer` lets the server act and then loses its answer. */
export class Network {
  mode: NetworkMode = 'up';
  /** Only requests whose path matches are affected. */
  affects: RegExp = /./;
  requests: string[] = [];

  readonly fetch: typeof fetch = async (input, init) => {
    const url = String(input);
    this.requests.push(`${init?.method ?? 'GET'} ${new URL(url).pathname}`);
    const hit = this.affects.test(url);
    if (hit && this.mode === 'down') throw new TypeError('fetch failed: connect ECONNREFUSED');
    const res = await fetch(input, init);
    if (hit && this.mode === 'drop-answer') {
      await res.arrayBuffer();
      throw new TypeError('fetch failed: socket hang up');
    }
    return res;
  };
}

export interface AddinSession {
  api: ApiClient;
  network: Network;
  ctx: WorkflowContext;
}

export async function addinSession(t: TestApp, token: string, language: Language = 'zh', warehouseIds: number[] | null = null): Promise<AddinSession> {
  const network = new Network();
  const api = new ApiClient({ baseUrl: t.baseUrl, token, fetchImpl: network.fetch });
  const cache = new LookupsCache(api, () => warehouseIds);
  const ctx: WorkflowContext = {
    api,
    language,
    t: translator(language),
    lookups: (refresh) => cache.get(refresh),
    progress: () => undefined,
  };
  return { api, network, ctx };
}

/** A sheet's used cells as rows of values ('' for empty), header first. */
export function sheetTable(handle: FakeExcelHandle, sheetName: string): unknown[][] {
  const sheet = handle.model.sheetByName(sheetName);
  if (!sheet) throw new Error(`no sheet ${sheetName}; sheets: ${handle.model.sheets.map((s) => s.name).join(', ')}`);
  const rect = sheet.usedRect();
  if (!rect) return [];
  return Array.from({ length: rect.row + rect.rowCount }, (_, r) => Array.from({ length: rect.column + rect.columnCount }, (_, c) => sheet.read(r, c)));
}

/** Rows of a sheet as objects keyed by header text. */
export function sheetObjects(handle: FakeExcelHandle, sheetName: string): Array<Record<string, unknown>> {
  const [header = [], ...rows] = sheetTable(handle, sheetName);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [String(h), r[i]])));
}

/** Types rows under the header of a sheet, by header text, as a clerk would. */
export function typeRows(handle: FakeExcelHandle, sheetName: string, rows: Array<Record<string, unknown>>, firstRow = 1): void {
  const sheet = handle.model.sheetByName(sheetName)!;
  const header = sheetTable(handle, sheetName)[0]!.map(String);
  const grid = rows.map((r) => header.map((h) => (h in r ? r[h] : null)));
  grid.forEach((line, i) => line.forEach((v, c) => v !== null && handle.model.typeValues(sheet, firstRow + i, c, [[v]])));
}
