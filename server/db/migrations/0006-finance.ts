import type { QueryInterface } from 'sequelize';

export async function up(_qi: QueryInterface): Promise<void> {}

export async function down(_qi: QueryInterface): Promise<void> {}
