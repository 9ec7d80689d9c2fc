/**
 * Where unsent syncs wait: IndexedDB of the add-in's origin, which outlives the task pane and the
 * workbook (closing Excel included). Tokens are kept apart, in localStorage, never in the workbook.
 */

export interface EntryStore<T extends { id: string }> {
  all(): Promise<T[]>;
  put(entry: T): Promise<void>;
  delete(id: string): Promise<void>;
  /** False when entries will not survive closing the pane (no IndexedDB). */
  readonly durable: boolean;
}

export class MemoryStore<T extends { id: string }> implements EntryStore<T> {
  readonly durable = false;
  private readonly map = new Map<string, T>();
  async all(): Promise<T[]> {
    return [...this.map.values()].map((e) => structuredClone(e));
  }
  async put(entry: T): Promise<void> {
    this.map.set(entry.id, structuredClone(entry));
  }
  async delete(id: string): Promise<void> {
    this.map.delete(id);
  }
}

const promised = <R>(req: IDBRequest<R>) =>
  new Promise<R>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

export class IdbStore<T extends { id: string }> implements EntryStore<T> {
  readonly durable = true;
  private db: Promise<IDBDatabase> | null = null;

  constructor(
    private readonly dbName = 'tonghop',
    private readonly storeName = 'sync-queue',
  ) {}

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(this.dbName, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(this.storeName, { keyPath: 'id' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return this.db;
  }

  private async tx(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    return (await this.open()).transaction(this.storeName, mode).objectStore(this.storeName);
  }

  async all(): Promise<T[]> {
    return promised((await this.tx('readonly')).getAll() as IDBRequest<T[]>);
  }
  async put(entry: T): Promise<void> {
    await promised((await this.tx('readwrite')).put(entry));
  }
  async delete(id: string): Promise<void> {
    await promised((await this.tx('readwrite')).delete(id));
  }
}

/** IndexedDB when the webview has it (every supported Office host does), memory otherwise. */
export function queueStore<T extends { id: string }>(): EntryStore<T> {
  return typeof indexedDB === 'undefined' ? new MemoryStore<T>() : new IdbStore<T>();
}
