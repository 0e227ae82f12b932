/**
 * EPUB 3 of a selection (issue #6), checked by Debian's epubcheck in test/export-epub.test.ts.
 *
 *   mimetype (first, stored)  META-INF/container.xml  OEBPS/package.opf  OEBPS/nav.xhtml
 *   OEBPS/style.css  OEBPS/text/p0001.xhtml…  OEBPS/images/<hash>.<ext>
 *
 * Bodies arrive as sanitized XHTML markup from the caller (the page's DOMPurify +
 * XMLSerializer; jsdom in tests), so this module stays pure and string-safe: every other
 * value is escaped here. Deterministic: the identifier is a hash of the post keys and
 * dcterms:modified is the newest save, so the same selection gives the same book.
 * Only EPUB core image types are packaged; other images are dropped by the caller's `local`.
 */
import { fnv1a64 } from '../shared/hash';
import { imageFileName } from '../backup/image-names';
import type { ZipEntry } from '../zip/writer';

export interface EpubPost {
  key: string;
  title: string;
  author: string;
  date: string;
  url: string;
  /** Sanitized XHTML markup of the body, image paths already pointing at `../images/…`. */
  body: string;
  /** The `评论` section (src/export/comments.ts), its comment bodies sanitized the same way; absent without comments. */
  comments?: string;
}

export interface EpubImage {
  url: string;
  type: string;
}

export interface EpubMeta {
  title: string;
  /** Epoch ms; written as dcterms:modified. */
  modified: number;
  lang?: string;
}

/** EPUB 3.2 core media types: packaged without a fallback. */
const CORE_IMAGE = /^image\/(png|jpeg|gif)$/;

export const isCoreImage = (type: string): boolean => CORE_IMAGE.test(type);

// XML 1.0 forbids most C0 controls even as character references.
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function xmlEscape(text: string): string {
  return text.replace(XML_INVALID, '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export const stripInvalidXml = (markup: string): string => markup.replace(XML_INVALID, '');

export function epubIdentifier(keys: readonly string[]): string {
  const sorted = [...keys].sort().join('\n');
  const hex = fnv1a64(`a\n${sorted}`) + fnv1a64(`b\n${sorted}`);
  // RFC 9562 version 8 (custom) with the RFC variant bits.
  const v = `8${hex.slice(13, 16)}`;
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16) + hex.slice(17, 20);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${v}-${variant}-${hex.slice(20, 32)}`;
}

export const chapterFile = (index: number): string => `text/p${String(index + 1).padStart(4, '0')}.xhtml`;

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const CONTAINER_XML = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/package.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
`;

export const EPUB_CSS = `body{font-family:serif;line-height:1.7}img{max-width:100%}
.meta{color:#777;font-size:.9em}pre{white-space:pre-wrap}blockquote{border-left:3px solid #ccc;margin-left:0;padding-left:1em}
`;

function imageItems(images: readonly EpubImage[]): string[] {
  const files = new Map(images.filter((i) => isCoreImage(i.type)).map((i) => [imageFileName(i.url, i.type), i.type]));
  return [...files].sort(([a], [b]) => (a < b ? -1 : 1)).map(([file, type]) => `<item id="img-${file.replace('.', '-')}" href="images/${file}" media-type="${type}"/>`);
}

export function packageOpf(meta: EpubMeta, posts: readonly { key: string }[], images: readonly EpubImage[]): string {
  const lang = xmlEscape(meta.lang ?? 'zh-CN');
  const chapters = posts.map((_, i) => `<item id="p${i + 1}" href="${chapterFile(i)}" media-type="application/xhtml+xml"/>`);
  const spine = posts.map((_, i) => `<itemref idref="p${i + 1}"/>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="${lang}">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="uid">${epubIdentifier(posts.map((p) => p.key))}</dc:identifier>
<dc:title>${xmlEscape(meta.title)}</dc:title>
<dc:language>${lang}</dc:language>
<meta property="dcterms:modified">${iso(meta.modified)}</meta>
</metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="css" href="style.css" media-type="text/css"/>
${[...chapters, ...imageItems(images)].join('\n')}
</manifest>
<spine>
<itemref idref="nav"/>
${spine.join('\n')}
</spine>
</package>
`;
}

function xhtmlPage(title: string, lang: string, css: string, body: string): string {
  const l = xmlEscape(lang);
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="${l}" lang="${l}">
<head>
<meta charset="utf-8"/>
<title>${xmlEscape(title)}</title>
<link rel="stylesheet" type="text/css" href="${css}"/>
</head>
<body>
${body}
</body>
</html>
`;
}

export function navXhtml(meta: EpubMeta, titles: readonly string[]): string {
  const items = titles.map((t, i) => `<li><a href="${chapterFile(i)}">${xmlEscape(t || '—')}</a></li>`);
  return xhtmlPage(meta.title, meta.lang ?? 'zh-CN', 'style.css', `<nav epub:type="toc" id="toc">\n<h1>${xmlEscape(meta.title)}</h1>\n<ol>\n${items.join('\n')}\n</ol>\n</nav>`);
}

export function chapterXhtml(post: EpubPost, lang = 'zh-CN'): string {
  const source = post.url.startsWith('https://') ? ` · <a href="${xmlEscape(post.url)}">${xmlEscape(post.url)}</a>` : '';
  const body = `<article>\n<h1>${xmlEscape(post.title)}</h1>\n<p class="meta">${xmlEscape(post.author)} · ${xmlEscape(post.date)}${source}</p>\n<div>${stripInvalidXml(post.body)}</div>\n${post.comments ? `${stripInvalidXml(post.comments)}\n` : ''}</article>`;
  return xhtmlPage(post.title, lang, '../style.css', body);
}

/** The fixed head of the book: everything before the chapters. */
export function epubHead(meta: EpubMeta, posts: readonly { key: string; title: string }[], images: readonly EpubImage[]): ZipEntry[] {
  return [
    { name: 'mimetype', data: 'application/epub+zip' },
    { name: 'META-INF/container.xml', data: CONTAINER_XML },
    { name: 'OEBPS/package.opf', data: packageOpf(meta, posts, images) },
    { name: 'OEBPS/nav.xhtml', data: navXhtml(meta, posts.map((p) => p.title)) },
    { name: 'OEBPS/style.css', data: EPUB_CSS },
  ];
}
