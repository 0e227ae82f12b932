/**
 * A bound on open formatting elements in stored HTML (issue 19 item 8). The HTML parser keeps a list of
 * "active formatting elements" (b, i, a, font, nobr…) and re-creates every one of them that an implied
 * end tag closed, at each later text: `<p><b title=1>…<p><b title=n>` then `<p>x` ×m builds n·m elements
 * (39 KB became 4 M nodes; Noah's Ark only merges elements with equal attributes). With at most
 * MAX_FORMATTING in the list, each token re-creates at most that many, so the tree stays proportional
 * to the markup.
 *
 * FormattingCount follows the list from the tokens alone, never under-counting it: a start tag adds one,
 * and an end tag removes one only where the parser surely does (the newest of that name after the last
 * cell, caption, object, table, select or foreign root: beyond those, the parser ignores it or keeps the
 * entry). So a string it accepts cannot grow the parser's list past the bound, in parse5 or a browser.
 * capFormatting drops the start tags that would pass the bound, with their end tags, and nothing else.
 */
import { Tokenizer, type Token } from 'parse5';
import { MAX_FORMATTING } from '../../shared/limits';

/** Far above what real content nests (Zhihu's deepest is 4: a link in bold in italics in a quote). */

const FORMATTING = new Set(['a', 'b', 'big', 'code', 'em', 'font', 'i', 'nobr', 's', 'small', 'strike', 'strong', 'tt', 'u']);
/** Markers of the list (cells, captions, applet, object, marquee, template) and scope boundaries (table, select, svg, math). */
const BARRIERS = new Set(['td', 'th', 'caption', 'applet', 'object', 'marquee', 'template', 'table', 'select', 'svg', 'math']);

export class FormattingCount {
  /** Formatting names and, as `|name`, barriers, oldest first. */
  private readonly list: string[] = [];
  private open = 0;
  /** Per name, whether each start tag not yet ended was kept (true) or dropped, newest last. */
  private readonly starts = new Map<string, boolean[]>();

  /** Whether this start tag is kept; false when it would pass the bound (then its end tag is dropped too). */
  start(tag: string): boolean {
    if (BARRIERS.has(tag)) this.list.push(`|${tag}`);
    if (!FORMATTING.has(tag)) return true;
    const kept = this.open < MAX_FORMATTING;
    if (kept) {
      this.list.push(tag);
      this.open++;
    }
    const starts = this.starts.get(tag) ?? [];
    starts.push(kept);
    this.starts.set(tag, starts);
    return kept;
  }

  /** Whether this end tag is kept; false for the end tag of a dropped start tag. */
  end(tag: string): boolean {
    if (BARRIERS.has(tag)) {
      // Only a barrier with nothing after it: if the parser ignores this end tag, nothing is lost here.
      if (this.list.at(-1) === `|${tag}`) this.list.pop();
      return true;
    }
    if (!FORMATTING.has(tag)) return true;
    const kept = this.starts.get(tag)?.pop() ?? true;
    if (!kept) return false;
    for (let i = this.list.length - 1; i >= 0 && !this.list[i]!.startsWith('|'); i--) {
      if (this.list[i] === tag) {
        this.list.splice(i, 1);
        this.open--;
        break;
      }
    }
    return true;
  }
}

/**
 * `html` without the start tags that would open more than MAX_FORMATTING formatting elements, and
 * without their end tags; `html` itself when none would. One pass of parse5's tokenizer (linear); it
 * stays in the data state, so it may see tags in raw text that the parser would not, which only counts more.
 */
export function capFormatting(html: string): string {
  const count = new FormattingCount();
  const cuts: [number, number][] = [];
  const cut = (token: Token.TagToken, kept: boolean): void => {
    if (!kept && token.location) cuts.push([token.location.startOffset, token.location.endOffset]);
  };
  const ignore = (): void => undefined;
  const tokenizer = new Tokenizer(
    { sourceCodeLocationInfo: true },
    {
      onStartTag: (token) => cut(token, count.start(token.tagName)),
      onEndTag: (token) => cut(token, count.end(token.tagName)),
      onComment: ignore,
      onDoctype: ignore,
      onEof: ignore,
      onCharacter: ignore,
      onNullCharacter: ignore,
      onWhitespaceCharacter: ignore,
    },
  );
  tokenizer.write(html, true);
  if (!cuts.length) return html;
  let out = '';
  let at = 0;
  for (const [from, to] of cuts) {
    out += html.slice(at, from);
    at = to;
  }
  return out + html.slice(at);
}
