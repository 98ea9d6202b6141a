import { QueryInterface } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import type { Database } from './database';
import * as platform from './migrations/0001-platform';
import * as inventory from './migrations/0002-inventory';
import * as postingFoundation from './migrations/0003-posting-foundation';
import * as versions from './migrations/0004-versions';
import * as security from './migrations/0005-security';
import * as finance from './migrations/0006-finance';
import * as openItems from './migrations/0007-open-items';
import * as cash from './migrations/0009-cash';
import * as purchasing from './migrations/0010-purchasing';
import * as sales from './migrations/0011-sales';
import * as shipments from './migrations/0013-shipments';
import * as receivables from './migrations/0015-receivables';
import * as customerSales from './migrations/0016-customer-sales';
import * as reports from './migrations/0017-reports';

interface Migration {
  up(qi: QueryInterface): Promise<void>;
  down(qi: QueryInterface): Promise<void>;
}

/** In order; listed rather than globbed so the same list runs from TypeScript sources and compiled output. */
const MIGRATIONS: Array<[string, Migration]> = [
  ['0001-platform', platform],
  ['0002-inventory', inventory],
  ['0003-posting-foundation', postingFoundation],
  ['0004-versions', versions],
  ['0005-security', security],
  ['0006-finance', finance],
  ['0007-open-items', openItems],
  ['0009-cash', cash],
  ['0010-purchasing', purchasing],
  ['0011-sales', sales],
  ['0013-shipments', shipments],
  ['0015-receivables', receivables],
  ['0016-customer-sales', customerSales],
  ['0017-reports', reports],
];

export function migrator(db: Database): Umzug<QueryInterface> {
  return new Umzug({
    migrations: MIGRATIONS.map(([name, m]) => ({
      name,
      up: ({ context }) => m.up(context),
      down: ({ context }) => m.down(context),
    })),
    context: db.sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize: db.sequelize, tableName: 'schema_migrations' }),
    logger: undefined,
  });
}

/** Applies what is pending. Two processes may start at once: run it under whileStartingAlone (startup-lock.ts), as createApp does. */
export async function migrate(db: Database): Promise<string[]> {
  const applied = await migrator(db).up();
  return applied.map((m) => m.name);
}
