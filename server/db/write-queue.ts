import type { Transaction } from 'sequelize';

type Work<T> = (tx: Transaction) => Promise<T>;

interface Waiting {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

export interface GroupTransaction {
  /** Runs the group's use cases in one transaction; resolves after COMMIT, rejects if the group could not commit. */
  begin(body: (tx: Transaction) => Promise<void>): Promise<void>;
  /** Runs one statement of the group's own (SAVEPOINT, RELEASE, ROLLBACK TO) on the group's transaction. */
  statement(tx: Transaction, sql: string): Promise<void>;
}

/** Errors after which SQLite may have rolled the whole transaction back on its own: the group cannot go on. */
const FATAL = /SQLITE_(FULL|IOERR|CORRUPT|NOMEM|NOTADB|CANTOPEN|INTERRUPT)/;

function isFatal(err: unknown): boolean {
  const e = err as { code?: string; parent?: { code?: string }; message?: string } | null;
  return FATAL.test(`${e?.code ?? ''} ${e?.parent?.code ?? ''} ${e?.message ?? ''}`);
}

/**
 * Group commit for SQLite's single writer.
 *
 * Use cases that arrive while a group is running wait; the next group runs all
 * of them (up to `maxGroup`) inside one IMMEDIATE transaction, each in its own
 * SAVEPOINT: one that fails is rolled back to its savepoint alone and gets its
 * own error, the others go on. Every use case of a group is answered only
 * after the COMMIT, so a 201 always means the document is on disk.
 *
 * Queuing writes in-process also keeps node-sqlite3 from tying up libuv's
 * thread pool with writers waiting on the file lock.
 */
export class WriteQueue {
  private waiting: Waiting[] = [];
  private draining = false;

  constructor(
    private readonly group: GroupTransaction,
    private readonly maxGroup = 64,
  ) {}

  get length(): number {
    return this.waiting.length;
  }

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.waiting.length > 0) await this.runGroup(this.waiting.splice(0, this.maxGroup));
    } finally {
      this.draining = false;
    }
  }

  private async runGroup(jobs: Waiting[]): Promise<void> {
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      await this.group.begin(async (tx) => {
        for (const job of jobs) outcomes.push(await this.runOne(job, tx));
      });
    } catch (err) {
      // Nothing of the group was committed: every use case gets the failure, including those that had succeeded.
      for (const job of jobs) job.reject(err);
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }

  private async runOne(job: Waiting, tx: Transaction): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
    await this.group.statement(tx, 'SAVEPOINT use_case');
    try {
      const value = await job.work(tx);
      await this.group.statement(tx, 'RELEASE use_case');
      return { ok: true, value };
    } catch (error) {
      if (isFatal(error)) throw error;
      await this.group.statement(tx, 'ROLLBACK TO use_case');
      await this.group.statement(tx, 'RELEASE use_case');
      return { ok: false, error };
    }
  }
}
