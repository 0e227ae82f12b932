/**
 * Turndown rules for Zhihu bodies (docs/zhihu-format.md §4). Output must carry no raw HTML:
 * every rule returns Markdown built from text and checked URLs, never an element's HTML,
 * and gfm's `tables` plugin is not used because it keeps header-less tables as raw HTML.
 */
import type TurndownService from 'turndown';

export interface RuleContext {
  /** Candidate URLs of one image (best first) → path in the export, or a remote URL, or null. */
  imagePath: (urls: string[]) => string | null;
  footnotes: string[];
}

const HTTP = /^https?:$/;

/** Zhihu wraps outbound links in link.zhihu.com/?target=…; only http(s) survives. */
export function cleanHref(raw: string | null): string | null {
  if (!raw) return null;
  try {
    let u = new URL(raw);
    if (u.hostname === 'link.zhihu.com' && u.searchParams.get('target')) u = new URL(u.searchParams.get('target') ?? '');
    return HTTP.test(u.protocol) && !u.username && !u.password ? u.href.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) : null;
  } catch {
    return null;
  }
}

const escapeText = (s: string): string => s.replace(/[\\[\]*_`<>$&|]/g, '\\$&').replace(/\s+/g, ' ').trim();

/** docs/zhihu-format.md §4.1: data-original, then data-actualsrc, then src (never a data: placeholder). */
function imageUrls(img: Element): string[] {
  return ['data-original', 'data-actualsrc', 'src'].map((a) => img.getAttribute(a) ?? '').filter((v) => v !== '' && !v.startsWith('data:'));
}

function texOf(node: Element): { tex: string; display: boolean } | null {
  const tex = node.getAttribute('data-tex') ?? node.getAttribute('alt');
  if (tex === null || tex.trim() === '') return null;
  const display = node.getAttribute('data-eeimg') === '2' || node.getAttribute('eeimg') === '2' || /\\\\\s*$/.test(tex);
  // `<`/`>` as TeX macros so no renderer can see a tag; `$` would end the formula.
  const safe = tex.replace(/\\\\\s*$/, '').replace(/</g, '\\lt ').replace(/>/g, '\\gt ').replace(/\$/g, '\\$').trim();
  return { tex: texForMarkdown(safe, display), display };
}

/**
 * A renderer without math support reads the formula as Markdown: `[x](javascript:…)` would be a
 * link, `[r]: …` a reference, `[ ]` a checkbox, and a blank line would end a `$$` block. An empty
 * group `{}` between the brackets and what follows changes nothing in TeX and breaks each of
 * them; line breaks are folded (TeX reads them as spaces, and a blank line is an error in math).
 */
function texForMarkdown(tex: string, display: boolean): string {
  // Split, not one regex over runs of white space: that would backtrack on a long run of spaces.
  const lines = tex.split(/\r\n?|\n/);
  const folded = display ? lines.filter((l) => l.trim() !== '').join('\n') : lines.join(' ');
  return folded.replace(/\](?=[(:[])/g, ']{}').replace(/^([ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)\[(?=[ xX]\])/gm, '$1[{}');
}

const isMath = (n: HTMLElement): boolean =>
  (n.nodeName === 'SPAN' && n.classList.contains('ztext-math')) || (n.nodeName === 'IMG' && n.hasAttribute('eeimg'));

function fenceFor(code: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

function codeRule(service: TurndownService): void {
  service.addRule('zhihuCode', {
    filter: (n) => n.nodeName === 'PRE',
    replacement: (_content, node) => {
      const code = (node as HTMLElement).querySelector('code') ?? node;
      const lang = /language-([\w+#-]{1,40})/.exec((code as HTMLElement).className ?? '')?.[1] ?? '';
      const text = (code.textContent ?? '').replace(/\n$/, '');
      const fence = fenceFor(text);
      return `\n\n${fence}${lang === 'text' ? '' : lang}\n${text}\n${fence}\n\n`;
    },
  });
}

function imageRules(service: TurndownService, ctx: RuleContext): void {
  const image = (img: Element | null, alt: string): string => {
    const path = img ? ctx.imagePath(imageUrls(img)) : null;
    return path ? `![${escapeText(alt)}](${path})` : '';
  };
  service.addRule('zhihuFigure', {
    filter: 'figure',
    replacement: (_c, node) => {
      const el = node as HTMLElement;
      const caption = el.querySelector('figcaption')?.textContent?.trim() ?? '';
      const md = image(el.querySelector('img'), caption);
      return md ? `\n\n${md}${caption ? `\n*${escapeText(caption)}*` : ''}\n\n` : '';
    },
  });
  service.addRule('zhihuImage', {
    filter: 'img',
    replacement: (_c, node) => image(node as HTMLElement, (node as HTMLElement).getAttribute('alt') ?? ''),
  });
  // Added last so it wins over the img rule for `img[eeimg]` (turndown prefers later rules).
  service.addRule('zhihuMath', {
    filter: (n) => isMath(n),
    replacement: (_c, node) => {
      const m = texOf(node as HTMLElement);
      if (!m) return '';
      return m.display ? `\n\n$$\n${m.tex}\n$$\n\n` : `$${m.tex}$`;
    },
  });
}

function linkRules(service: TurndownService, ctx: RuleContext): void {
  // Generic links first: turndown prefers rules added later, so cards and footnotes win.
  service.addRule('zhihuLink', {
    filter: 'a',
    replacement: (content, node) => {
      const el = node as HTMLElement;
      const href = el.classList.contains('RichContent-EntityWord') ? null : cleanHref(el.getAttribute('href'));
      return href && content.trim() ? `[${content}](${href})` : content;
    },
  });
  service.addRule('zhihuFootnote', {
    filter: (n) => n.nodeName === 'SUP' && n.getAttribute('data-draft-type') === 'reference',
    replacement: (_c, node) => {
      const el = node as HTMLElement;
      const n = ctx.footnotes.length + 1;
      const url = cleanHref(el.getAttribute('data-url'));
      // Without footnote support `[^1]: x` is a link reference definition whose first word is its
      // URL: a zero-width space before a word with a colon leaves it no scheme (`javascript:`).
      const text = escapeText(el.getAttribute('data-text') ?? '').replace(/^(?=\S*:)/, '\u200b');
      ctx.footnotes.push(`[^${n}]: ${[text, url ? `<${url}>` : ''].filter(Boolean).join(' ') || '-'}`);
      return `[^${n}]`;
    },
  });
  service.addRule('zhihuLinkCard', {
    filter: (n) => n.nodeName === 'A' && n.getAttribute('data-draft-type') === 'link-card',
    replacement: (content, node) => {
      const el = node as HTMLElement;
      const href = cleanHref(el.getAttribute('href'));
      const title = el.getAttribute('data-text') ? escapeText(el.getAttribute('data-text') ?? '') : content.trim();
      return href ? `\n\n[${title || href}](${href})\n\n` : `\n\n${title}\n\n`;
    },
  });
}

function tableRule(service: TurndownService): void {
  const cell = (c: Element): string => escapeText(c.textContent ?? '') || ' ';
  service.addRule('zhihuTable', {
    filter: 'table',
    replacement: (_c, node) => {
      const rows = [...(node as HTMLTableElement).querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('th,td')].map(cell));
      const width = Math.max(1, ...rows.map((r) => r.length));
      const line = (r: string[]) => `| ${Array.from({ length: width }, (_, i) => r[i] ?? ' ').join(' | ')} |`;
      if (!rows.length) return '';
      return `\n\n${[line(rows[0]!), line(Array(width).fill('---')), ...rows.slice(1).map(line)].join('\n')}\n\n`;
    },
  });
}

export function addZhihuRules(service: TurndownService, ctx: RuleContext): void {
  service.remove(['script', 'style', 'noscript', 'iframe', 'object', 'embed', 'form', 'input', 'button', 'textarea', 'select', 'template', 'link', 'meta', 'video', 'audio']);
  service.remove((n) => n.nodeName.toLowerCase() === 'svg' || n.nodeName.toLowerCase() === 'math');
  // The DOM form repeats footnotes as `<h2>参考</h2><ol class="ReferenceList">`; we emit [^n] definitions instead.
  service.remove((n) => n.nodeName === 'OL' && n.classList.contains('ReferenceList'));
  service.remove((n) => /^H[1-6]$/.test(n.nodeName) && n.nextElementSibling?.classList.contains('ReferenceList') === true);
  codeRule(service);
  imageRules(service, ctx);
  linkRules(service, ctx);
  tableRule(service);
}
