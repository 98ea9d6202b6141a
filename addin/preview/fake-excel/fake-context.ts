/**
 * The request machinery of the fake: proxies queue their reads and writes on a
 * context, and nothing reaches the workbook until `sync`. A sync is one
 * request to Excel — counted, measured, and refused above Excel on the web's
 * limits (5 MB per request and response, 5,000,000 cells per read).
 */
import { FakeExcelError, WorkbookModel } from './workbook-model';

export const REQUEST_LIMIT_BYTES = 5 * 1024 * 1024;
export const RESPONSE_LIMIT_BYTES = 5 * 1024 * 1024;
export const READ_LIMIT_CELLS = 5_000_000;

export interface FakeRunOptions {
  delayForCellEdit?: boolean;
}

export class FakeStats {
  syncCount = 0;
  runCount = 0;
  /** Bytes of each sync's request (JSON of the queued operations). */
  readonly requestBytes: number[] = [];
  readonly responseBytes: number[] = [];
  readonly runOptions: FakeRunOptions[] = [];

  reset(): void {
    this.syncCount = 0;
    this.runCount = 0;
    this.requestBytes.length = 0;
    this.responseBytes.length = 0;
    this.runOptions.length = 0;
  }
}

/** What one sync's loads have sent back so far. */
export interface Response {
  cells: number;
  bytes: number;
}

/** Operations that only read: loads, and probing for a null object. */
const READ_OPS = new Set(['load', 'getOrNull']);

interface Operation {
  payload: unknown;
  run(response: Response): void;
}

const encoder = new TextEncoder();
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

export class FakeRequestContext {
  private queue: Operation[] = [];
  private closed = false;

  constructor(
    readonly model: WorkbookModel,
    readonly stats: FakeStats,
    readonly options: FakeRunOptions,
  ) {}

  enqueue(op: Operation): void {
    if (this.closed) {
      throw new FakeExcelError('InvalidObjectPath', 'The object was created in an Excel.run that has finished; it cannot be used in another request context.');
    }
    this.queue.push(op);
  }

  get pending(): number {
    return this.queue.length;
  }

  close(): void {
    this.closed = true;
  }

  async sync(): Promise<void> {
    const ops = this.queue;
    this.queue = [];
    this.stats.syncCount += 1;
    const requestBytes = utf8Length(JSON.stringify(ops.map((o) => o.payload)));
    this.stats.requestBytes.push(requestBytes);
    if (requestBytes > REQUEST_LIMIT_BYTES) {
      throw new FakeExcelError('RequestPayloadSizeLimitExceeded', `The request payload (${requestBytes} bytes) exceeds the 5 MB limit.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (this.model.editing) {
      if (!this.options.delayForCellEdit) throw new FakeExcelError('InvalidOperationInCellEditMode', 'Excel is in cell-editing mode.');
      await this.model.whenNotEditing();
    }
    const response: Response = { cells: 0, bytes: 0 };
    try {
      for (const op of ops) op.run(response);
    } finally {
      this.stats.responseBytes.push(response.bytes);
      // Only what changes the workbook repaints it: a batch that only reads (the task pane following the selection) leaves the grid alone.
      if (ops.some((o) => !READ_OPS.has((o.payload as { op?: string }).op ?? ''))) this.model.changed();
    }
  }
}

/** Counts what a load sends back and refuses reads beyond Excel's limits. */
export function chargeRead(response: Response, cells: number, value: unknown): void {
  response.cells += cells;
  if (response.cells > READ_LIMIT_CELLS) {
    throw new FakeExcelError('ResponsePayloadSizeLimitExceeded', `A read of ${response.cells} cells exceeds the 5,000,000-cell limit.`);
  }
  response.bytes += utf8Length(JSON.stringify(value));
  if (response.bytes > RESPONSE_LIMIT_BYTES) {
    throw new FakeExcelError('ResponsePayloadSizeLimitExceeded', `The response payload (${response.bytes} bytes) exceeds the 5 MB limit.`);
  }
}

function notLoaded(prop: string): FakeExcelError {
  return new FakeExcelError(
    'PropertyNotLoaded',
    `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  );
}

export type LoadOption = string | string[] | undefined;

export function propsOf(option: LoadOption, defaults: string[]): string[] {
  if (option === undefined) return defaults;
  const list = Array.isArray(option) ? option : option.split(',');
  return list.map((p) => p.trim().replace(/^items\//, '')).filter(Boolean);
}

/**
 * A proxy: resolved against the workbook when an operation runs at sync and
 * bound from then on; readable only for what was loaded and synced (or set
 * through this proxy), exactly like Office.js.
 */
export abstract class FakeObject<E> {
  protected readonly loaded = new Map<string, unknown>();
  private nullState: boolean | undefined;
  private bound: E | null | undefined;

  constructor(
    readonly context: FakeRequestContext,
    private readonly resolver: () => E | null,
    protected readonly path: string,
    nullable = false,
  ) {
    if (nullable) context.enqueue({ payload: { path, op: 'getOrNull' }, run: () => void this.probe() });
  }

  get isNullObject(): boolean {
    if (this.nullState === undefined) throw notLoaded('isNullObject');
    return this.nullState;
  }

  protected probe(): E | null {
    if (this.bound === undefined) this.bound = this.resolver();
    this.nullState = this.bound === null;
    return this.bound;
  }

  entity(): E {
    const e = this.probe();
    if (e === null) throw new FakeExcelError('ItemNotFound', `The requested resource doesn't exist (${this.path}).`);
    return e;
  }

  protected read<T>(prop: string): T {
    if (!this.loaded.has(prop)) throw notLoaded(prop);
    return this.loaded.get(prop) as T;
  }

  protected write(prop: string, value: unknown, apply: (e: E) => void): void {
    this.loaded.set(prop, value);
    this.context.enqueue({ payload: { path: this.path, op: 'set', prop, value }, run: () => apply(this.entity()) });
  }

  protected invoke(method: string, args: unknown[], apply: (e: E) => void): void {
    this.context.enqueue({ payload: { path: this.path, op: method, args }, run: () => apply(this.entity()) });
  }

  /** Marks properties as loaded with values computed now; used for collection items. */
  fill(entity: E, props: string[], response: Response): this {
    this.bound = entity;
    this.nullState = false;
    for (const p of props) this.loaded.set(p, this.snapshot(entity, p, response));
    return this;
  }

  load(option?: LoadOption): this {
    const props = propsOf(option, this.defaultProps());
    this.context.enqueue({
      payload: { path: this.path, op: 'load', props },
      run: (response) => {
        const e = this.probe();
        if (e === null) return;
        for (const p of props) this.loaded.set(p, this.snapshot(e, p, response));
      },
    });
    return this;
  }

  protected abstract defaultProps(): string[];
  protected abstract snapshot(entity: E, prop: string, response: Response): unknown;
}

/** A slot an `add` operation fills at sync, so the returned proxy can be used before it exists. */
export class Slot<T> {
  value: T | null = null;
  get = (): T | null => this.value;
}
