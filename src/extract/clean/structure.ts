/** Removal, code blocks, footnotes and attribute hygiene. */

const REMOVE = [
  'script', 'style', 'link', 'meta', 'svg', 'iframe', 'button', 'noscript', 'template', 'object', 'embed', 'video', 'audio',
  // Never content: a <base> would re-target every relative URL of the reader, forms and frames could act.
  'base', 'form', 'input', 'textarea', 'select', 'frame', 'frameset', 'applet', 'math',
  // Serialized as raw text, not escaped: their text would be stored as markup (`<xmp><script…`), and
  // nothing of Zhihu's uses them (issue 19 item 6).
  'xmp', 'noembed', 'noframes', 'plaintext',
  '.RichText-MCNLinkCardContainer', 'a[data-draft-type="mcn-link-card"]', '.GoodsRecommendCard', '.CPSCommonCard',
  '.ContentItem-expandButton', '.ContentItem-actions', '.VoteButton', '#VirtualCatalogAnchorPoint', '.GifPlayer-icon',
  '[class*="KfeCollection"]', '.MathJax_Preview', '.MathJax_SVG', '.MJX_Assistive_MathML', '.Reward',
].join(',');

const KEEP_ATTRS = new Set([
  'href', 'src', 'alt', 'title', 'colspan', 'rowspan', 'start', 'referrerpolicy', 'class',
  'data-pid', 'data-size', 'data-rawwidth', 'data-rawheight', 'data-original', 'data-caption', 'data-default-watermark-src',
  'data-qrcode-action', 'data-draft-type', 'data-draft-node', 'data-tex', 'data-eeimg', 'data-text', 'data-url', 'data-numero',
  'data-row-style',
]);

const KEEP_CLASS = /^(origin_image|content_image|zh-lightbox-thumb|ztext-math|highlight|ztext-empty-paragraph|language-[\w+#-]+|ReferenceList)$/;

export function removeJunk(root: HTMLElement): void {
  for (const el of Array.from(root.querySelectorAll(REMOVE))) el.remove();
}

/**
 * Code blocks become `<pre><code class="language-x">plain text</code></pre>`: Pygments spans and injected
 * links go, and a `pre` without `code` (the search API's form) gets one.
 */
export function normalizeCode(root: HTMLElement): void {
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    const code = pre.querySelector('code');
    const lang = Array.from(code?.classList ?? []).find((c) => c.startsWith('language-'));
    const clean = pre.ownerDocument.createElement('code');
    clean.textContent = pre.textContent ?? '';
    if (lang) clean.className = lang;
    pre.replaceChildren(clean);
  }
}

export function cleanAttributes(root: HTMLElement): void {
  for (const el of Array.from(root.querySelectorAll('*'))) {
    for (const { name } of Array.from(el.attributes)) {
      if (!KEEP_ATTRS.has(name)) el.removeAttribute(name);
    }
    const cls = el.getAttribute('class');
    if (cls !== null) {
      const kept = cls.split(/\s+/).filter((c) => KEEP_CLASS.test(c));
      if (kept.length) el.setAttribute('class', kept.join(' '));
      else el.removeAttribute('class');
    }
  }
}

/** Wrapper `div`/`span`s that carry nothing after cleaning are unwrapped. */
export function unwrapBareWrappers(root: HTMLElement): void {
  for (const el of Array.from(root.querySelectorAll('div, span')).reverse()) {
    if (el.attributes.length === 0) el.replaceWith(...Array.from(el.childNodes));
  }
}
