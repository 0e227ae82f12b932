/**
 * The popup's search, loaded on the first keystroke only (a dynamic import): it brings Dexie and
 * the search texts, which the first render must not wait for (docs/performance-notes.md §3, §4).
 */
import { formatNumber, t } from '../../shared/i18n';
import { getRows, readAllTexts } from '../../storage/library';
import { orderedKeys } from '../../storage/library-raw';
import type { PostKey, PostRow } from '../../storage/types';
import { TextIndex } from '../../search/text-index';

let loaded: Promise<{ index: TextIndex; order: PostKey[] }> | null = null;

/** Loads the texts once, with progress (≈1 s at 10k posts, docs/performance-notes.md §4). */
function load(total: number, progress: (text: string) => void): Promise<{ index: TextIndex; order: PostKey[] }> {
  loaded ??= (async () => {
    const index = new TextIndex();
    await readAllTexts((chunk) => {
      index.add(chunk);
      progress(t('loadingIndex', formatNumber(index.size), formatNumber(total)));
    });
    return { index, order: await orderedKeys('savedAt') };
  })();
  return loaded;
}

/** The first `limit` hits, newest saved first, and how many there are in all. */
export async function searchPosts(query: string, limit: number, total: number, progress: (text: string) => void): Promise<{ rows: PostRow[]; hits: number }> {
  const { index, order } = await load(total, progress);
  const found = index.search(query) ?? new Set<string>();
  const keys = order.filter((k) => found.has(k)).slice(0, limit);
  const rows = await getRows(keys);
  return { rows: keys.flatMap((k) => rows.get(k) ?? []), hits: found.size };
}
