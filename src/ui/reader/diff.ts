/**
 * A readable diff of two plain texts for the edit history. Tokens are single CJK characters and
 * whole Latin words, so Chinese edits show at character level and English at word level.
 * Myers' O(ND) algorithm, hand-written (~60 lines) rather than the `diff` package (~25 KB min)
 * because the reader needs only this one function. When the texts differ a lot (D above the
 * cap), it diffs sentences instead, which keeps memory bounded (O(D²) Int32 cells).
 */
export type DiffOp = { op: 'same' | 'add' | 'del'; text: string };

const MAX_D = 2_000;

export function tokenize(text: string): string[] {
  return text.match(/[A-Za-z0-9_]+|\s+|[\s\S]/gu) ?? [];
}

export function sentences(text: string): string[] {
  return text.match(/[^。！？!?\n]*[。！？!?\n]?/gu)?.filter(Boolean) ?? [];
}

export function diffText(a: string, b: string): DiffOp[] {
  return diffTokens(tokenize(a), tokenize(b)) ?? diffTokens(sentences(a), sentences(b), Infinity) ?? [{ op: 'del', text: a }, { op: 'add', text: b }];
}

/** null when the edit distance exceeds `cap`. */
export function diffTokens(a: string[], b: string[], cap = MAX_D): DiffOp[] | null {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const mid = myers(a.slice(pre, a.length - suf), b.slice(pre, b.length - suf), cap);
  if (!mid) return null;
  const ops: DiffOp[] = [];
  const push = (op: DiffOp['op'], text: string): void => {
    const last = ops[ops.length - 1];
    if (last && last.op === op) last.text += text;
    else if (text) ops.push({ op, text });
  };
  push('same', a.slice(0, pre).join(''));
  for (const m of mid) push(m.op, m.text);
  push('same', a.slice(a.length - suf).join(''));
  return ops;
}

function myers(a: string[], b: string[], cap: number): DiffOp[] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, cap);
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v[off + k - 1] as number) < (v[off + k + 1] as number)) ? (v[off + k + 1] as number) : (v[off + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) [x, y] = [x + 1, y + 1];
      v[off + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, d);
    }
  }
  return null;
}

function backtrack(trace: Int32Array[], a: string[], b: string[], dEnd: number): DiffOp[] {
  const out: DiffOp[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = dEnd; d > 0; d--) {
    const vd = trace[d] as Int32Array; // V before step d, window [-d-1, d+1] → index k + d + 1
    const at = (k: number): number => vd[k + d + 1] as number;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const pk = down ? k + 1 : k - 1;
    const px = at(pk);
    const py = px - pk;
    while (x > px + (down ? 0 : 1) && y > py + (down ? 1 : 0)) {
      out.push({ op: 'same', text: a[--x] as string });
      y--;
    }
    if (down) out.push({ op: 'add', text: b[--y] as string });
    else out.push({ op: 'del', text: a[--x] as string });
  }
  while (x > 0 && y > 0) {
    out.push({ op: 'same', text: a[--x] as string });
    y--;
  }
  return out.reverse();
}
