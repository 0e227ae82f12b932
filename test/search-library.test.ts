// @vitest-environment node
// The library's search (issue #18) over the real storage engine on fake-indexeddb: signatures in
// their own store, candidates' texts read back to be checked. It must never drift from the texts:
// after saves, re-saves, deletes, imports and undos, and with signatures missing or of an old
// version, every query finds exactly what a brute-force `includes` over the `texts` store finds.
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import type { BackupPost } from '../src/backup/format';
import { parseQuery } from '../src/search/query';
import { SIGNATURE_VERSION } from '../src/search/signature';
import { sortedBy } from '../src/search/sort';
import { commitPost } from '../src/storage/commit';
import { db } from '../src/storage/db';
import { applyImport } from '../src/storage/import-apply';
import { orderedKeys } from '../src/storage/library-raw';
import { deletePosts, getFullPost, restorePosts } from '../src/storage/posts';
import type { PostKey } from '../src/storage/types';
import { LibraryModel } from '../src/ui/library/model';
import { clearDatabase, row } from './support/storage';

beforeEach(clearDatabase);

/** A freshly opened library page's model, everything loaded. */
async function openModel(): Promise<LibraryModel> {
  const m = new LibraryModel();
  await m.loadHead(40);
  await m.loadOrder();
  await m.loadSignatures(() => undefined);
  return m;
}

/** Runs `query` to the end (first screen, then the rest); the hits in display order. */
async function search(m: LibraryModel, query: string): Promise<PostKey[]> {
  m.query = query;
  await new Promise<void>((resolve) => {
    void m.recompute(() => m.searchDone && resolve()).then((current) => current && m.searchDone && resolve());
  });
  return [...m.keys];
}

/** What search must find: every post whose stored text holds every term, newest saved first. */
async function bruteForce(m: LibraryModel, query: string): Promise<PostKey[]> {
  const terms = parseQuery(query);
  const texts = new Map((await db().texts.toArray()).map((t) => [t.key, t.text]));
  m.query = '';
  await m.recompute(() => undefined);
  return m.keys.filter((k) => terms.every((t) => texts.get(k)?.includes(t)));
}

const QUERIES = ['量子', '量子纠缠', '力学', '纠缠 经典', 'abc', '第 2', '不存在', '的'];

async function expectAgrees(): Promise<void> {
  const m = await openModel();
  for (const q of QUERIES) expect(await search(m, q), q).toEqual(await bruteForce(m, q));
}

describe('library search against a brute-force scan', () => {
  it('agrees after saves, re-saves, deletes, imports and undos', async () => {
    for (let i = 0; i < 12; i++) await commitPost(row(String(i), {}, 1_000 + i), `<p>第 ${i} 段：${i % 3 ? '量子纠缠' : '经典力学'}，abc${i}</p>`, null, 1_000 + i);
    await expectAgrees();
    // Re-saves that drop a word and add another.
    await commitPost(row('1', {}, 2_000), '<p>经典力学，不再纠缠</p>', null, 2_000);
    await commitPost(row('3', {}, 2_001), '<p>量子纠缠的新版</p>', null, 2_001);
    await expectAgrees();
    const deleted = await deletePosts(['answer:2', 'answer:4', 'answer:3'] as PostKey[]);
    await expectAgrees();
    // An import that replaces one post (newer) and adds one.
    const old = (await getFullPost('answer:5'))!;
    const newer: BackupPost = { ...old, content: '<p>导入后只剩经典</p>', meta: { ...old.meta, savedAt: 3_000, updatedAt: Date.UTC(2030, 0, 1) } };
    const added: BackupPost = { ...old, key: 'answer:99' as PostKey, content: '<p>导入的量子纠缠 abc</p>', meta: { ...old.meta, id: '99', savedAt: 3_001 } };
    await applyImport([newer, added], []);
    await expectAgrees();
    await restorePosts(deleted);
    await expectAgrees();
  });

  it('rebuilds missing and old-version signatures from the texts, and stays exact meanwhile', async () => {
    for (let i = 0; i < 6; i++) await commitPost(row(String(i), {}, 1_000 + i), `<p>${i % 2 ? '量子纠缠' : '经典力学'}</p>`, null, 1_000 + i);
    await db().sigs.delete('answer:1');
    await db().sigs.update('answer:3', { v: 0 });
    // Before any signature is loaded, every post is a candidate.
    const fresh = new LibraryModel();
    await fresh.loadOrder();
    expect(await search(fresh, '量子纠缠')).toEqual(['answer:5', 'answer:3', 'answer:1']);
    await expectAgrees();
    expect((await db().sigs.get('answer:1'))?.v).toBe(SIGNATURE_VERSION);
    expect((await db().sigs.get('answer:3'))?.v).toBe(SIGNATURE_VERSION);
  });

  it('a query over the newest rows only (the order not read yet) is never reported as finished', async () => {
    for (let i = 0; i < 4; i++) await commitPost(row(String(i), {}, 1_000 + i), '<p>量子</p>', null, 1_000 + i);
    const m = new LibraryModel();
    await m.loadHead(2);
    m.query = '量子';
    expect(await m.recompute(() => undefined)).toBe(true);
    expect(m.keys).toEqual(['answer:3', 'answer:2']);
    expect(m.searchDone).toBe(false);
    await m.loadOrder();
    expect(await search(m, '量子')).toEqual(['answer:3', 'answer:2', 'answer:1', 'answer:0']);
  });

  it('narrowing as the user types on finds what a fresh query finds', async () => {
    for (let i = 0; i < 8; i++) await commitPost(row(String(i), {}, 1_000 + i), `<p>${['量子力学', '量子纠缠', '力学'][i % 3]}</p>`, null, 1_000 + i);
    const m = await openModel();
    for (const q of ['量', '量子', '量子力', '力', '力 纠缠', '量子力学']) expect(await search(m, q), q).toEqual(await bruteForce(m, q));
  });
});

describe('library search, property', () => {
  // Chinese, Latin (both cases), digits, punctuation and spaces: terms split on spaces, match lower-cased.
  const alphabet = [...'量子纠缠力学的是经典知乎中文ABCabc0129，。、!?-_ '];
  const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }).map((cs) => cs.join(''));

  it('finds exactly the posts a brute-force includes finds, for random libraries and queries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 12 }), fc.array(fc.oneof(text.map((t) => t.slice(0, 4)), fc.nat()), { minLength: 1, maxLength: 4 }), async (bodies, picks) => {
        await clearDatabase();
        for (const [i, body] of bodies.entries()) await commitPost(row(String(i), { title: '' }, 1_000 + i), `<p>${body.replace(/[<>&]/g, '')}</p>`, null, 1_000 + i);
        const m = await openModel();
        for (const p of picks) {
          // A query cut from a stored text (so it often matches), or typed at random.
          const q = typeof p === 'number' ? (bodies[p % bodies.length] ?? '').slice(p % 5, (p % 5) + 1 + (p % 4)) : p;
          expect(await search(m, q), q).toEqual(q.trim() ? await bruteForce(m, q) : m.keys);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('library orders made in memory', () => {
  it('sorting the loaded rows by votes or creation gives the index order, and falls back when a row is missing', async () => {
    const votes = [5, null, 5, 9, 0, null, 12, 5];
    for (const [i, v] of votes.entries()) await commitPost(row(String(i), { voteCount: v as number, createdAt: v === null ? null : Date.UTC(2024, 0, v + 1) }, 1_000 + i), '<p>x</p>', null, 1_000 + i);
    const fromIndex = new LibraryModel();
    const inMemory = new LibraryModel();
    await inMemory.loadOrder();
    await inMemory.loadAllRows(() => undefined);
    for (const field of ['voteCount', 'createdAt'] as const) {
      fromIndex.sort = field;
      inMemory.sort = field;
      await fromIndex.loadOrder();
      await inMemory.loadOrder();
      await fromIndex.recompute(() => undefined);
      await inMemory.recompute(() => undefined);
      expect(inMemory.keys, field).toEqual(fromIndex.keys);
      expect(sortedBy(await orderedKeys('savedAt'), inMemory.rows, field), field).toEqual(fromIndex.keys);
    }
    expect(inMemory.keys.slice(0, 2)).toEqual(['answer:6', 'answer:3']);
    expect(sortedBy(['answer:1'], new Map(), 'voteCount')).toBeNull();
  });
});
