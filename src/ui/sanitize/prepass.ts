/**
 * The pre-pass in front of DOMPurify (#7). Extension pages run under a strict CSP, and so do the inert
 * documents DOMPurify parses into: Chromium reports `style=`, `on*=` and `<base>` while it *parses*
 * them, before any sanitizing (nothing runs, but the reports are real). So untrusted HTML never reaches
 * the browser's HTML parser: parse5, a spec-compliant parser, builds the tree the browser would, and it
 * is copied into an inert document with createElement/setAttribute, keeping only allowlisted elements
 * and attributes. DOMPurify then sanitizes that DOM with its own config and hooks; it stays the authority.
 *
 * What is removed here is removed as DOMPurify would remove it (content kept or not, in the same
 * order), so its output is what it made from the string itself (every real fixture, byte for byte),
 * but for cases pinned in test/sanitizer-prepass.test.ts: the parse is in standards mode, as the
 * reader page is; a <frameset> body gives nothing (DOMPurify returned null); Zhihu structure in a
 * removed <template> adds no footnote; and parse5 8 parses <select> content by the rules Chromium
 * left in 2025, so elements Chromium would keep in a <select> are dropped here (their text stays).
 * The import cleaner and the exports' parser use it too, with wider policies (policies.ts).
 */
import { parse, type DefaultTreeAdapterTypes as P5 } from 'parse5';
import { capFormatting } from './formatting-cap';

export interface PrepassPolicy {
  /** Lower-case names of the HTML elements that may reach the DOM (the reader's: DOMPurify's allowlist). */
  readonly tags: { has(tag: string): boolean };
  /** Whether an attribute of a kept element reaches the DOM: the allowlist, and what the hooks read. */
  attribute(tag: string, name: string, value: string): boolean;
  /**
   * False where no DOMPurify follows (the exports' parser, policies.ts): DOMPurify's own removals
   * (clobbered forms, the markup probe) are then not made here either, and the tree is the browser's.
   */
  readonly purifyFollows?: boolean;
}

const HTML_NS = 'http://www.w3.org/1999/xhtml';
/** DOMPurify 3.4 DEFAULT_FORBID_CONTENTS: a removed element of these names takes its content with it. */
const FORBID_CONTENTS = new Set(['annotation-xml', 'audio', 'colgroup', 'desc', 'foreignobject', 'head', 'iframe', 'math', 'mi', 'mn', 'mo', 'ms', 'mtext', 'noembed', 'noframes', 'noscript', 'plaintext', 'script', 'selectedcontent', 'style', 'svg', 'template', 'thead', 'title', 'video', 'xmp']);
/** DOMPurify's ELEMENT_MARKUP_PROBE (mXSS via namespace confusion). */
const MARKUP = /<[/\w!]/;
/** Form controls (and images) whose id or name shadows the form's DOM properties: DOMPurify's _isClobbered. */
const FORM_NAMED = new Set(['button', 'fieldset', 'input', 'object', 'output', 'select', 'textarea', 'img']);
const CLOBBERS = new Set(['nodeName', 'textContent', 'removeChild', 'attributes', 'removeAttribute', 'removeAttributeNode', 'getAttributeNode', 'setAttribute', 'namespaceURI', 'insertBefore', 'hasChildNodes', 'nodeType', 'childNodes']);
/**
 * Chromium's parser never nests elements deeper than 512 (kMaximumHTMLParserDOMTreeDepth): an
 * element or comment whose parent is deeper is put in that parent's parent instead, so all of them
 * end up siblings inside the element at depth 512; text still goes into its own parent. parse5 has no
 * such limit. Doing the same keeps the tree, and the reader's layout, what they were when Chromium parsed.
 */
const MAX_DEPTH = 512;

type Verdict = 'keep' | 'unwrap' | 'drop';

const isElement = (n: P5.ChildNode): n is P5.Element => 'tagName' in n;
const attr = (el: P5.Element, name: string): string | undefined => el.attrs.find((a) => a.name === name)?.value;

/** DOMPurify removes a form whose named controls shadow the properties it reads (content and all). */
function clobberedForm(form: P5.Element): boolean {
  const stack: P5.ChildNode[] = [...form.childNodes];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (!isElement(n)) continue;
    if (FORM_NAMED.has(n.tagName) && !(n.tagName === 'input' && attr(n, 'type')?.toLowerCase() === 'image')) {
      const id = attr(n, 'id');
      const name = attr(n, 'name');
      if ((id !== undefined && CLOBBERS.has(id)) || (name !== undefined && CLOBBERS.has(name))) return true;
    }
    stack.push(...n.childNodes);
  }
  return false;
}

/**
 * DOMPurify's SAFE_FOR_XML probe removes an element without element children whose text and markup
 * both show a tag. With only text and comments inside, the markup shows one exactly when a comment
 * is there (text is escaped). Comments never reach the DOM from here, so the probe runs here.
 */
function markupInText(el: P5.Element): boolean {
  let text = '';
  let comment = false;
  for (const c of el.childNodes) {
    if (c.nodeName === '#text') text += (c as P5.TextNode).value;
    else if (c.nodeName === '#comment') comment = true;
    else return false;
  }
  return comment && MARKUP.test(text);
}

function judge(el: P5.Element, tag: string, policy: PrepassPolicy, flat: boolean): Verdict {
  // A flattened element holds only its own text in Chromium's tree: neither check can fire there.
  if (policy.purifyFollows !== false && !flat && ((tag === 'form' && clobberedForm(el)) || markupInText(el))) return 'drop';
  if (policy.tags.has(tag)) return el.namespaceURI === HTML_NS ? 'keep' : 'drop';
  return FORBID_CONTENTS.has(tag) ? 'drop' : 'unwrap';
}

interface Frame {
  nodes: P5.ChildNode[];
  next: number;
  /** Where the text children go; null when their element was dropped with its content. */
  text: ParentNode | null;
  /** Where the element children go: the same place, except past MAX_DEPTH. */
  elements: ParentNode;
  /** Depth of the nodes' parent in the parsed tree: <html> is 1, <body> 2. */
  depth: number;
}

/**
 * `doc` must be inert (createHTMLDocument): nothing built in it loads or runs. `onRemove` is called for
 * each element, attribute or comment left out (the import cleaner keeps a string only if nothing was).
 */
export function makePrepass(doc: Document, policy: PrepassPolicy, onRemove: () => void = () => {}): (dirty: string) => DocumentFragment {
  return (dirty) => {
    const fragment = doc.createDocumentFragment();
    // As DOMPurify's FORCE_BODY, the leading element keeps <style>, <meta>, <title> in the body. The
    // doctype differs from DOMPurify's own parse (quirks): the reader is a standards-mode page, like
    // Zhihu's, and only there does a <table> close an open <p>, so the tree is the one they would build
    // and it survives being serialized and parsed again (the idempotence property).
    // Formatting elements past the bound would make the tree (here, and wherever the result is parsed
    // again) grow with the product of two counts (formatting-cap.ts); the parse never sees them.
    const capped = capFormatting(dirty);
    if (capped !== dirty) onRemove();
    const tree = parse(`<!DOCTYPE html><remove></remove>${capped}`, { scriptingEnabled: false });
    const html = tree.childNodes.find(isElement);
    const body = html?.childNodes.find((n) => isElement(n) && n.tagName === 'body') as P5.Element | undefined;
    // What the string put outside the body (attributes of <html> or <body>, comments after </html>) is left out too.
    if (!html || tree.childNodes.length > 2 || html.childNodes.length > 2 || html.attrs.length || body?.attrs.length) onRemove();
    // No body: <frameset> replaced it, and DOMPurify would have found nothing either.
    if (!body) {
      onRemove();
      return fragment;
    }
    const stack: Frame[] = [{ nodes: body.childNodes.slice(1), next: 0, text: fragment, elements: fragment, depth: 2 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const node = frame.nodes[frame.next++];
      if (!node) {
        stack.pop();
        continue;
      }
      if (node.nodeName === '#text') {
        frame.text?.appendChild(doc.createTextNode((node as P5.TextNode).value));
        continue;
      }
      if (!isElement(node)) {
        onRemove(); // a comment: DOMPurify drops every one
        continue;
      }
      const depth = frame.depth + 1;
      const flat = depth > MAX_DEPTH;
      // A string nested deeper than this is not kept as it is: parsers without the limit (parse5, the
      // exports' readers) would build all of it (issue 19 item 8).
      if (flat) onRemove();
      const tag = node.tagName.toLowerCase();
      const verdict = judge(node, tag, policy, flat);
      const at = frame.elements;
      if (verdict === 'keep') {
        const el = doc.createElement(tag);
        for (const a of node.attrs) {
          if (!a.namespace && policy.attribute(tag, a.name, a.value)) el.setAttribute(a.name, a.value);
          else onRemove();
        }
        at.appendChild(el);
        stack.push({ nodes: node.childNodes, next: 0, text: el, elements: flat ? at : el, depth });
        continue;
      }
      onRemove();
      // Unwrapped content takes the element's place, as DOMPurify's KEEP_CONTENT hoists it.
      if (verdict === 'unwrap') stack.push({ nodes: node.childNodes, next: 0, text: at, elements: at, depth });
      else if (flat) stack.push({ nodes: node.childNodes, next: 0, text: null, elements: at, depth });
    }
    return fragment;
  };
}
