import { describe, expect, it } from 'vitest';
import { MAX_NAME_BYTES, safeStem, seedFileStem, uniqueFileNames } from '../src/export/filename';
import { imageFileName } from '../src/backup/image-names';

const bytes = (s: string) => new TextEncoder().encode(s).length;

describe('file names', () => {
  it('follows the seed generator rule', () => {
    expect(seedFileStem('6.9 级地震：a?b:c/d\\e*f<g>h|i[j]k“l”m#n\no')).toBe('69 级地震：a_b_c_d_e_f_g_h_i_j_k_l_mno');
  });

  it('is safe on Windows/macOS/Linux', () => {
    for (const name of ['CON', 'prn', 'Aux', 'NUL', 'COM1', 'lpt9']) expect(safeStem(name)).toBe(`${name}_`);
    expect(safeStem('a\u0000b\u0007c\u2028d"e')).toBe('abcd_e');
    expect(safeStem('trailing dots and spaces . . ')).toBe('trailing dots and spaces');
    expect(safeStem('')).toBe('untitled');
    expect(safeStem('...')).toBe('untitled');
    expect(safeStem('e\u0301')).toBe('\u00e9'); // NFC, as macOS would otherwise differ
  });

  it('stays under the byte limit without splitting characters', () => {
    const [name] = uniqueFileNames(['知'.repeat(300) + '😀'.repeat(10)]);
    expect(bytes(name!)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(name!.endsWith('知.md')).toBe(true);
    const [emoji] = uniqueFileNames(['😀'.repeat(100)]);
    expect(() => encodeURIComponent(emoji!)).not.toThrow(); // no lone surrogate
    expect(bytes(emoji!)).toBeLessThanOrEqual(MAX_NAME_BYTES);
  });

  it('never collides, case-insensitively, deterministically', () => {
    const titles = ['Same', 'same', 'SAME', 'a:b', 'a/b', 'a_b', 'same (2)'];
    const names = uniqueFileNames(titles);
    expect(names).toEqual(['Same.md', 'same (2).md', 'SAME (3).md', 'a_b.md', 'a_b (2).md', 'a_b (3).md', 'same (2) (2).md']);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    expect(uniqueFileNames(titles)).toEqual(names);
  });

  it('names images by URL hash and type', () => {
    const a = imageFileName('https://pic4.zhimg.com/v2-007d_r.jpg', 'image/jpeg');
    expect(a).toMatch(/^[0-9a-f]{16}\.jpg$/);
    expect(imageFileName('https://pic4.zhimg.com/v2-007d_r.jpg', 'image/jpeg')).toBe(a);
    expect(imageFileName('https://pic4.zhimg.com/v2-007d_720w.jpg', 'image/jpeg')).not.toBe(a);
    expect(imageFileName('https://pic4.zhimg.com/x.webp', '')).toMatch(/\.webp$/);
    expect(imageFileName('not a url', 'application/x-evil')).toMatch(/\.bin$/);
  });
});
