/**
 * The IndexedDB factory our Dexie connections use: the real one, with two things this build may
 * never do to the library taken away (docs/faults.md R11, R13).
 *
 * 1. Open it at any version but the one this build was written for. Dexie 4, meeting a database
 *    newer than its schema (a downgrade), retries the open with no version and, if the schemas
 *    differ, "patches" the newer database by bumping its version. An older build would then
 *    read and write rows whose shape it does not know. Asking for exactly our version makes the
 *    browser answer VersionError instead, which the pages and the worker turn into "please update".
 * 2. Delete it. Corruption "fixes" that wipe the database are how users lose everything (R13):
 *    whatever goes wrong, the bytes stay on disk for a newer build or a retry to read.
 */
type Factory = Pick<IDBFactory, 'open' | 'cmp' | 'deleteDatabase'> & Partial<Pick<IDBFactory, 'databases'>>;

export function guardedIndexedDB(version: number): Factory {
  // Looked up at each call, not captured: tests (fake-indexeddb) and fault injection replace it.
  const real = (): IDBFactory => globalThis.indexedDB;
  const factory: Factory = {
    open: (name: string) => real().open(name, version),
    cmp: (a: unknown, b: unknown) => real().cmp(a, b),
    deleteDatabase: (name: string) => {
      throw new DOMException(`refusing to delete the database "${name}": nothing in this extension may`, 'NotAllowedError');
    },
  };
  // Dexie keeps its own list of database names when the browser has no databases(); pass it on only where it exists.
  if (typeof globalThis.indexedDB?.databases === 'function') factory.databases = () => real().databases();
  return factory;
}
