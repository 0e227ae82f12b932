/**
 * File names for exported posts. Starts from the seed generator's rule (muti_work.py,
 * docs/zhihu-format.md §6.4) and then makes the result safe on Windows, macOS and Linux and
 * unique within one export. Deterministic: same titles in the same order → same names.
 */

/** muti_work.py: `re.sub(r'[:/\\?*“”<>|\[\]]', '_', title)`. */
const SEED_REPLACED = /[:/\\?*“”<>|[\]]/g;
/** muti_work.py then drops `\n`, `#` and `.` from the file name ("6.9 级" → "69 级"). */
const SEED_REMOVED = /[\n#.]/g;
/** Beyond the seed: `"` is forbidden on Windows; control characters and line separators nowhere belong. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff"]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
export const MAX_NAME_BYTES = 200;

const utf8Length = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
};

/** The title as the seed generator turns it into a file stem. */
export function seedFileStem(title: string): string {
  return title.replace(SEED_REPLACED, '_').replace(SEED_REMOVED, '');
}

/** Cuts on code-point boundaries so no surrogate pair or UTF-8 sequence is split. */
function truncateUtf8(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const n = utf8Length(ch);
    if (bytes + n > maxBytes) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/** A stem that every common file system accepts (before the extension and any suffix). */
export function safeStem(title: string, maxBytes = MAX_NAME_BYTES): string {
  // `%`: Hexo reads a post's file name as a URL path and drops the post when it does not decode.
  let stem = seedFileStem(title.normalize('NFC')).replace(UNSAFE, (c) => (c === '"' ? '_' : '')).replace(/%/g, '％');
  // Hexo skips files whose names start with `_` (its hidden files): `? 问题` would never be published.
  stem = truncateUtf8(stem, maxBytes).replace(/[ .]+$/u, '').replace(/^[ _]+/u, '');
  if (stem === '') stem = 'untitled';
  if (WINDOWS_RESERVED.test(stem)) stem = `${stem}_`;
  return stem;
}

/**
 * Unique, safe names `<stem><ext>` for titles in order. Collisions are compared the way
 * case-insensitive file systems do (NFC + lower case) and resolved with ` (2)`, ` (3)`…
 */
export function uniqueFileNames(titles: readonly string[], ext = '.md'): string[] {
  const taken = new Set<string>();
  return titles.map((title) => {
    const budget = MAX_NAME_BYTES - utf8Length(ext) - 8; // room for " (9999)"
    const stem = safeStem(title, budget);
    let name = `${stem}${ext}`;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${stem} (${n})${ext}`;
    taken.add(name.toLowerCase());
    return name;
  });
}
