import { extensionUrl } from '../e2e/support/extension-pages';
import { launchWithExtension } from '../e2e/support/launch';
import { DEFAULT_DIST_DIR } from '../e2e/support/paths';
const ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR });
const page = await ext.context.newPage();
await page.goto(extensionUrl(ext.extensionId, 'src/ui/transfer/transfer.html'));
await page.evaluate('globalThis.__name ??= (f) => f');
const r = await page.evaluate(async () => {
  const open = (name: string): Promise<IDBDatabase> => new Promise((res, rej) => { const q = indexedDB.open(name, 1); q.onupgradeneeded = () => { for (const s of ['a', 'b', 'c']) q.result.createObjectStore(s); }; q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error); });
  const db = await open('exp' + Math.random());
  const done = (tx: IDBTransaction): Promise<void> => new Promise((res, rej) => { tx.oncomplete = () => res(); tx.onerror = () => rej(tx.error); });
  const words = ['我们', '认为', '这个', '问题', '其实', '非常', '复杂', '历史', '经济', '社会'];
  const text = (i: number): string => { let s = ''; let k = i; while (s.length < 6000) { k = (k * 1103515245 + 12345) & 0x7fffffff; s += words[k % 10]; } return `<p>${s}</p>`; };
  const out: Record<string, number> = {};
  const N = 10000;
  let t = performance.now();
  { const tx = db.transaction('a', 'readwrite', { durability: 'relaxed' }); for (let i = 0; i < N; i++) tx.objectStore('a').put({ key: 'answer:' + i, content: text(i) }, 'answer:' + i); await done(tx); }
  out.oneTxStrings = performance.now() - t;
  t = performance.now();
  for (let s = 0; s < N; s += 200) { const tx = db.transaction('b', 'readwrite', { durability: 'relaxed' }); for (let i = s; i < s + 200; i++) tx.objectStore('b').put({ key: 'answer:' + i, content: text(i) }, 'answer:' + i); await done(tx); }
  out.txPer200Strings = performance.now() - t;
  t = performance.now();
  { const tx = db.transaction(['b', 'c'], 'readwrite', { durability: 'relaxed' }); const b = tx.objectStore('b'); const c = tx.objectStore('c');
    await new Promise<void>((res) => { const cur = b.openCursor(); cur.onsuccess = () => { const x = cur.result; if (!x) return res(); c.put(x.value, x.key); x.continue(); }; }); await done(tx); }
  out.copyOneTx = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < N; i++) text(i);
  out.genOnly = performance.now() - t;
  const enc = new TextEncoder();
  t = performance.now();
  { const tx = db.transaction('a', 'readwrite', { durability: 'relaxed' }); for (let i = 0; i < N; i++) tx.objectStore('a').put(enc.encode(text(i)), 'x:' + i); await done(tx); }
  out.oneTxBytes = performance.now() - t;
  return out;
});
console.log(r);
await ext.close();
