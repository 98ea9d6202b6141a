import Database from 'better-sqlite3';

/** Opens the server's SQLite file directly, for seeding bench data fast (not what is measured). */
export function openDirect(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 15000');
  return db;
}

export function seedItems(file: string, count: number, prefix = 'B'): void {
  const db = openDirect(file);
  const now = new Date().toISOString();
  const insert = db.prepare(
    `INSERT INTO items (sku, name, unit, category, batch_tracked, active, safety_stock, created_at, updated_at)
     VALUES (?, ?, 'pcs', ?, 0, 1, 5000, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 1; i <= count; i++) insert.run(`${prefix}${String(i).padStart(6, '0')}`, `商品 ${i}`, `CAT${i % 20}`, now, now);
  })();
  db.close();
}

export function seedWarehouses(file: string, count: number): number[] {
  const db = openDirect(file);
  const now = new Date().toISOString();
  const insert = db.prepare('INSERT INTO warehouses (code, name, active, created_at, updated_at) VALUES (?, ?, 1, ?, ?)');
  const ids: number[] = [];
  db.transaction(() => {
    for (let i = 1; i <= count; i++) ids.push(Number(insert.run(`W${i}`, `仓库 ${i}`, now, now).lastInsertRowid));
  })();
  db.close();
  return ids;
}
