/**
 * The popup's search, loaded on the first keystroke only (a dynamic import): it brings Dexie and
 * the search signatures, which the first render must not wait for (docs/performance-notes.md §3, §4).
 * Like the library (issue #18), it holds signatures, never the texts: the newest hits are checked
 * against their texts read from IndexedDB, then the rest for the count.
 */
import { formatNumber, t } from '../../shared/i18n';
import { parseQuery } from '../../search/query';
import { idleMoment, REST_CHUNK, SearchRun } from '../../search/search-run';
import { termGrams } from '../../search/signature';
import { SignatureIndex } from '../../search/signature-index';
import { orderedKeys, rowsOf, searchTexts } from '../../storage/library-raw';
import { loadSignatures } from '../../storage/signatures';
import type { PostKey, PostRow } from '../../storage/types';

let loaded: Promise<{ sigs: SignatureIndex; order: PostKey[] }> | null = null;

/** Loads the signatures once, with progress. */
function load(total: number, progress: (text: string) => void): Promise<{ sigs: SignatureIndex; order: PostKey[] }> {
  loaded ??= (async () => {
    const sigs = new SignatureIndex();
    await loadSignatures((chunk) => {
      sigs.set(chunk);
      progress(t('loadingIndex', formatNumber(sigs.size), formatNumber(total)));
    });
    return { sigs, order: await orderedKeys('savedAt') };
  })();
  return loaded;
}

/**
 * The first `limit` hits, newest saved first; `count` then resolves to how many there are in all
 * (checked after the rows are shown), or null when `stale` says a newer query took over.
 */
export async function searchPosts(query: string, limit: number, total: number, progress: (text: string) => void, stale: () => boolean): Promise<{ rows: PostRow[]; count: Promise<number | null> }> {
  const { sigs, order } = await load(total, progress);
  const terms = parseQuery(query);
  const run = new SearchRun(terms, sigs.candidates(order, termGrams(terms)), searchTexts);
  await run.firstHits(limit);
  const keys = run.hits.slice(0, limit);
  const rows = new Map((await rowsOf(keys)).map((r) => [r.key, r]));
  const count = run.rest(REST_CHUNK, async () => {
    await idleMoment();
    return !stale();
  }).then((complete) => (complete ? run.hits.length : null));
  return { rows: keys.flatMap((k) => rows.get(k) ?? []), count };
}
