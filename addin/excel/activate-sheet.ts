/**
 * Brings an existing sheet of a kind to the front and refreshes the hidden
 * JXC.Lists its dropdowns read, without touching what the clerk typed.
 */
import { ChunkedWriter } from './chunked-writer';
import { runExcel } from './excel-run';
import { checkListsOwned, discoverLists, ListsContent, loadListsMarker, writeLists } from './lists-sheet';
import { chooseSheet, SheetMatch } from './sheet-match';

export async function activateMatchingSheet(match: SheetMatch, lists?: ListsContent): Promise<string | null> {
  return runExcel(async (context) => {
    const worksheets = context.workbook.worksheets;
    worksheets.load('items/name');
    const active = worksheets.getActiveWorksheet();
    active.load('name');
    active.tables.load('items/name');
    const handle = discoverLists(context);
    await context.sync();
    const name = chooseSheet(match, { name: active.name, tables: active.tables.items.map((t) => t.name) }, worksheets.items.map((s) => s.name));
    if (!name) return null;
    if (lists && loadListsMarker(handle)) await context.sync();
    if (lists) checkListsOwned(handle);
    worksheets.getItem(name).activate();
    if (lists) {
      const writer = new ChunkedWriter(context);
      await writeLists(context, writer, handle, lists);
      await writer.flush();
    }
    return name;
  });
}
