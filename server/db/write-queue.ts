/**
 * Runs write transactions one at a time within this process.
 *
 * node-sqlite3 runs every statement on libuv's small thread pool; concurrent
 * write transactions each hold a thread while they wait on SQLite's lock, which
 * starves the pool and can stall the whole server or end in SQLITE_BUSY.
 * Queuing writes here keeps at most one writer waiting on the file.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  get length(): number {
    return this.pending;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(work);
    this.tail = result.then(
      () => this.pending--,
      () => this.pending--,
    );
    return result;
  }
}
