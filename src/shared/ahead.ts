/**
 * Reads `source` one item ahead of its consumer: while the consumer works on an item (an import
 * writing a chunk to IndexedDB), the next one is already being made (read from the file, verified,
 * parsed). Without it an import waited on the file and on the database in turn, each idle while the
 * other worked. At most two items are held: the one given out and the one being made.
 */
export async function* oneAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  // An abandoned read-ahead must not surface as an unhandled rejection; awaiting it still throws.
  const pull = (): Promise<IteratorResult<T>> => {
    const p = it.next();
    p.catch(() => undefined);
    return p;
  };
  let next = pull();
  try {
    for (;;) {
      const r = await next;
      if (r.done) return;
      next = pull();
      yield r.value;
    }
  } finally {
    // A consumer that stops early (a failure, a cancel) ends the source too, once its pending read is done.
    await next.catch(() => undefined);
    await it.return?.();
  }
}
