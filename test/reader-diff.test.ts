// The edit-history diff: applying its ops to the old text must give the new one, minimally for small edits.
import { describe, expect, it } from 'vitest';
import { diffText } from '../src/ui/reader/diff';

const apply = (ops: ReturnType<typeof diffText>, side: 'old' | 'new'): string => ops.filter((o) => o.op === 'same' || o.op === (side === 'old' ? 'del' : 'add')).map((o) => o.text).join('');

describe('diffText', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['量子力学很难', '量子力学不难'],
    ['abc', ''],
    ['', '新的回答'],
    ['the quick brown fox', 'the slow brown dog'],
    ['第一段。\n第二段。', '第一段，改过了。\n第二段。\n第三段。'],
    ['ABCABBA', 'CBABAC'],
  ];
  it.each(cases)('%s → %s round-trips', (a, b) => {
    const ops = diffText(a, b);
    expect(apply(ops, 'old')).toBe(a);
    expect(apply(ops, 'new')).toBe(b);
  });

  it('marks a one-character Chinese edit as one character', () => {
    expect(diffText('量子力学很难', '量子力学不难')).toEqual([
      { op: 'same', text: '量子力学' },
      { op: 'del', text: '很' },
      { op: 'add', text: '不' },
      { op: 'same', text: '难' },
    ]);
  });

  it('stays correct when the texts share nothing (falls back to sentences)', () => {
    const a = '甲'.repeat(3000);
    const b = '乙'.repeat(3000);
    const ops = diffText(a, b);
    expect(apply(ops, 'old')).toBe(a);
    expect(apply(ops, 'new')).toBe(b);
  });
});
