/**
 * Keeps a Hexo post's HTML body HTML when Hexo renders it (docs/threats.md §4.3).
 *
 * Hexo reads a post as Markdown. The seed wraps the body in `<div>`, which opens a CommonMark HTML
 * block, and the block ends at the first blank line: what follows is read as Markdown, where
 * `[x](javascript:…)` is a live link (hexo-renderer-marked keeps such URLs by default) and a text
 * `<scheme:…>` is an autolink. Hexo also turns a line starting with ``` or ~~~ into a highlighted
 * code block before any Markdown is read, whatever HTML it is in.
 *
 * The seed's own bodies have blank lines (inside `<pre>`), and they must stay byte-identical. So a
 * body is left as it is when a blank line can only hand plain text to Markdown that makes no link,
 * image or raw HTML of it, and no line opens a code fence. Otherwise every blank line and every fence
 * is written with a character reference: HTML reads the same characters, Markdown sees neither.
 */

/**
 * A blank line (spaces or tabs only) after a line ending, and the line ending that closes it: where
 * CommonMark ends the HTML block. CR, LF and CRLF all end a line in Markdown. The closing one is
 * written `&#10;`: HTML reads CR and CRLF in markup as LF (a `&#13;` would stay a CR).
 */
const BLANK_LINE = /(\r\n|\r(?!\n)|\n)([ \t]*)(\r\n|\r|\n)/g;
/**
 * A line that Hexo's backtick_code_block filter takes as a fence: its JavaScript regex, with `m`,
 * allows blockquote and list markers and any white space but CR/LF before it (a superset here).
 */
const FENCE = /^((?:[^\S\r\n]|[>*+\-0-9.])*)(`{3}|~{3})/gm;
/**
 * Text that Markdown turns into a link, an image or HTML of its own: `](`, a reference `]:`, an
 * autolink `<scheme:`, `<!`, `<?`, and a task-list box `[ ]`/`[x]` (a checkbox `<input>`).
 */
const MARKDOWN_ACTIVE = /\]\(|\]:|<[A-Za-z][A-Za-z0-9+.-]{1,31}:|<[!?]|\[[ xX]\]/;
/** Elements whose content HTML does not read as markup: a blank line inside one is not in text. */
const RAW_TEXT = /^(?:script|style|xmp|iframe|noembed|noframes|noscript|plaintext|textarea|title|template|svg|math)$/i;

/** The body as it is when Markdown cannot change it, else with blank lines and fences neutralized. */
export function markdownInert(html: string): string {
  FENCE.lastIndex = 0;
  const fenced = FENCE.test(html);
  if (!fenced && !html.includes('\n') && !html.includes('\r')) return html;
  const blank = firstBlankLine(html);
  if (!fenced && (blank < 0 || onlyTextAfterBlankLines(html, blank))) return html;
  return html.replace(BLANK_LINE, '$1$2&#10;').replace(FENCE, (_m, lead: string, fence: string) => `${lead}${fence[0] === '`' ? '&#96;' : '&#126;'}${fence.slice(1)}`);
}

/**
 * Undoes {@link markdownInert} for the importer, so an exported body reads back as it was stored (a
 * line ending that was a CR comes back as the LF that HTML made of it, so CR and LF never join).
 */
export function markdownInertDecoded(body: string): string {
  if (!body.includes('&#')) return body;
  return body
    .replace(/(\r\n|\r(?!\n)|\n)([ \t]*)&#10;/g, (_m, end: string, space: string) => `${end === '\r' ? '\n' : end}${space}\n`)
    .replace(/^((?:[^\S\r\n]|[>*+\-0-9.])*)&#(96|126);(``|~~)/gm, (_m, lead: string, code: string, rest: string) => `${lead}${code === '96' ? '`' : '~'}${rest}`);
}

/**
 * The author's name is text that goes into the body as HTML and through Hexo's Nunjucks pass (it
 * used to go in raw: markup, and `{{ }}` that Nunjucks ran at `hexo generate`). Its markup
 * characters and braces become references, a line break too (a blank line would end the HTML
 * block), and a leading fence is neutralized like the body's.
 */
export function hexoAuthorText(name: string): string {
  return markdownInert(name.replace(/[&<>{}\r\n]/g, (c) => AUTHOR_REFS[c] ?? c));
}

/** The name as stored, from {@link hexoAuthorText}'s text. */
export function hexoAuthorTextDecoded(text: string): string {
  if (!text.includes('&')) return text;
  return markdownInertDecoded(text).replace(/&(?:#(\d+)|(lt|gt|amp));/g, (m, code: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name] ?? m;
    return ['13', '10', '123', '125'].includes(code ?? '') ? String.fromCharCode(Number(code)) : m;
  });
}
const AUTHOR_REFS: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '{': '&#123;', '}': '&#125;', '\r': '&#13;', '\n': '&#10;' };
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&' };

function firstBlankLine(html: string): number {
  BLANK_LINE.lastIndex = 0;
  const m = BLANK_LINE.exec(html);
  return m ? m.index : -1;
}

/**
 * True when every blank line sits in text (not inside a tag, a comment or a raw-text element) and
 * the text from the first blank line on holds nothing Markdown makes active. One linear pass over
 * canonical markup, as the cleaner writes it.
 */
function onlyTextAfterBlankLines(html: string, firstBlank: number): boolean {
  if (MARKDOWN_ACTIVE.test(html.slice(firstBlank))) return false;
  let i = 0;
  let blankAt = firstBlank;
  const nextBlank = (from: number): number => {
    BLANK_LINE.lastIndex = from;
    const m = BLANK_LINE.exec(html);
    return m ? m.index : -1;
  };
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) return true;
    const next = html.charCodeAt(lt + 1);
    // `<!`, `<?` and `</` without a name open comments to HTML: what a blank line hands on from
    // inside one is not what the page showed. The cleaner writes none of them.
    if (next === 33 || next === 63 || next === 47) {
      if (next !== 47 || !isLetter(html.charCodeAt(lt + 2))) return false;
    } else if (!isLetter(next)) {
      i = lt + 1; // a `<` that opens nothing is text, to HTML as to Markdown
      continue;
    }
    const isEnd = next === 47;
    const end = tagEnd(html, lt);
    if (end < 0) return false;
    // A blank line that starts between this `<` and its `>` is inside the tag.
    while (blankAt >= 0 && blankAt < lt) blankAt = nextBlank(blankAt + 1);
    if (blankAt >= 0 && blankAt < end) return false;
    if (!isEnd && RAW_TEXT.test(tagName(html, lt + 1))) return false;
    i = end + 1;
  }
  return true;
}

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Index of the `>` that closes the tag opened at `lt`, skipping quoted attribute values. */
function tagEnd(html: string, lt: number): number {
  let quote = 0;
  for (let j = lt + 1; j < html.length; j++) {
    const c = html.charCodeAt(j);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) {
      quote = c;
    } else if (c === 62) {
      return j;
    }
  }
  return -1;
}

function tagName(html: string, from: number): string {
  let j = from;
  while (j < html.length && /[A-Za-z0-9-]/.test(html[j] ?? '')) j++;
  return html.slice(from, j);
}
