// The Hexo export where it goes next: a real Hexo site (hexo + hexo-renderer-marked from npm, default
// settings) generated from the attack corpus and from vectors of our own in the body, the author's name,
// the title, the topics and the TeX, then every page loaded in real Chromium. Nothing may run, link to a
// script URL, evaluate a template, or leave HTML beyond the stored allowlist; the seed files stay byte-identical.
import { chromium, type Browser } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../scripts/system-tools';
import { hexoPost } from '../src/export/hexo';
import { bundleEntries } from '../src/export/pipeline';
import { makeXhtml } from '../src/ui/transfer/xhtml';
import { noImages, postsOf, textFilesOf } from './support/export-sources';
import type { FullPost } from '../src/storage/types';
import { makeImportCleaner } from '../src/ui/sanitize/import-cleaner';
import { HOSTILE_TITLES, attackCorpus } from './fixtures/attack-corpus/vectors';
import { renderedPageHazards } from './fixtures/attack-corpus/output-hazards';
import { SEEDS, imported, samplePost } from './fixtures-export/posts';
import { generateHexoSite, type HexoSite } from './support/hexo-site';

const CANARY = join(tmpdir(), `zo-hexo-canary-${process.pid}`);
const pwn = (id: string): string => `__zoPwned('${id}')`;
/** Template expressions whose values appear nowhere else: finding one in a page means Nunjucks ran it. */
const EVALUATED = ['85547', '101101', '43214321'];
const TEMPLATES = ['{{ 7777*11 }}', '{{ 7777*13 }}', '{% set z = 4321 * 10001 %}{{ z }}', `{{range.constructor("return process.getBuiltinModule('fs').writeFileSync('${CANARY}', 'x')")()}}`];

/** Markdown breakouts of our own (beyond the issue's): each gives marked a live link, image or raw HTML if the body stops being one HTML block. */
const BREAKOUTS: [string, string][] = [
  ['blank-line-link', `<pre><code>a\n\n[x](javascript:${pwn('md-link')})</code></pre>`],
  ['blank-line-spaces', `<p>a</p>\n \t\n[x](javascript:${pwn('md-spaces')})`],
  ['image', `<pre><code>a\n\n![x](javascript:${pwn('md-image')})</code></pre>`],
  ['reference', `<pre><code>a\n\n[r]: javascript:${pwn('md-ref')}\n\n[r]</code></pre>`],
  ['crlf', `<pre><code>a&#13;\n&#13;\n[x](javascript:${pwn('md-crlf')})</code></pre>`],
  ['lone-cr', `<pre><code>a&#13;&#13;[x](javascript:${pwn('md-cr')})</code></pre>`],
  ['data-link', '<pre><code>a\n\n[x](data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;)</code></pre>'],
  ['entity-scheme', `<pre><code>a\n\n[x](&amp;#106;avascript:${pwn('md-entity')})</code></pre>`],
  ['task-list', '<pre><code>a\n\n- [ ] x</code></pre>'],
  ['fence', `<pre><code>\`\`\`js t https://x.example/ l\n${pwn('md-fence')}\n\`\`\`</code></pre>`],
  ['tilde-fence', '<pre><code>a\n~~~\n&lt;img src=x onerror=alert(1)&gt;\n~~~</code></pre>'],
  ['braces', `<p>${TEMPLATES.join(' ')}</p>`],
  ['attribute', `<p title="a\n\n<img src=x onerror=${pwn('md-attr')}>">t</p>`],
];
const TEX = [`[x](javascript:${pwn('tex-link')})`, `a\n\n[x](javascript:${pwn('tex-blank')})`, '{{ 7777*11 }}', '$</span><img src=x onerror=alert(1)>$'];
const AUTHORS = [...TEMPLATES, `<img src=x onerror=${pwn('author-img')}>`, `a\n\n[x](javascript:${pwn('author-md')})`, '```js', 'A & B'];
const TOPICS = ['Foo: bar', '- item', '{{ 7777*13 }}', '<script>alert(1)</script>', '.5', '2022-07-04 12:00:00', 'null'];

/** Pages showing a template's value, plus the file the remote-code vector would have written. */
function templateEvaluations(site: HexoSite): number {
  return [...site.pages.values()].filter((html) => EVALUATED.some((v) => html.includes(v))).length + (existsSync(CANARY) ? 1 : 0);
}

function posts(): FullPost[] {
  const base = samplePost();
  const post = (n: number, over: Partial<FullPost>, meta: Partial<FullPost['meta']> = {}): FullPost => ({
    ...base,
    key: `answer:${n}`,
    title: `t${n}`,
    ...over,
    meta: { ...base.meta, id: String(n), ...meta },
  });
  let n = 0;
  return [
    ...attackCorpus().map((v) => post(n++, { content: v.html })),
    ...BREAKOUTS.map(([, html]) => post(n++, { content: html })),
    ...TEX.map((tex) => post(n++, { content: `<p><span class="ztext-math" data-eeimg="1" data-tex="${tex.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">x</span></p>` })),
    ...AUTHORS.map((name) => post(n++, {}, { authorInfo: { ...base.meta.authorInfo, name } })),
    ...[...HOSTILE_TITLES, ...TEMPLATES].map((title) => post(n++, { title })),
    ...TOPICS.map((topic) => post(n++, { categories: ['知乎', topic] })),
  ];
}

describe('a real Hexo site generated from our export', () => {
  const importClean = makeImportCleaner(window);
  const clean = (html: string): string => importClean(html).html;
  const all = posts();
  let site: HexoSite;
  let exported: { name: string; text: string }[];
  let browser: Browser;

  beforeAll(async () => {
    // What the 导出与导入 page writes, through the same pipeline: every body through the import's cleaner.
    const tools = { parse: (h: string) => new DOMParser().parseFromString(h, 'text/html'), xhtml: makeXhtml(window) };
    exported = await textFilesOf(bundleEntries(all.map((p) => p.title), postsOf(all, 50), null, noImages, { format: 'hexo', tools, names: null, clean }, () => undefined));
    site = await generateHexoSite([...exported, ...SEEDS.map((f, i) => ({ name: `seed-${i}.md`, text: readFileSync(f, 'utf8') }))]);
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-background-networking'] });
  }, 120_000);
  afterAll(async () => {
    site?.remove();
    await browser?.close();
  });

  it('renders every post, reads every front-matter value back as written, and evaluates no template', () => {
    expect(site.pages.size).toBe(all.length + SEEDS.length);
    // Each page holds its post: the theme ran and the body is there (an empty page would pass the rest).
    for (const [path, html] of site.pages) expect(html, path).toMatch(/<article><div> {3}\n[^\n]*的(回答|文章|想法)<br><br>[\s\S]+<\/div>\n *<\/article>/);
    const names = exported.map((f) => f.name);
    all.forEach((p, i) => {
      const fm = site.frontMatter.get(names[i]!);
      expect(fm?.title, JSON.stringify(p.title)).toBe(p.title);
      expect(fm?.categories, JSON.stringify(p.categories)).toEqual(p.categories);
      expect(String(fm?.author)).toBe(p.author);
    });
    expect(templateEvaluations(site)).toBe(0);
  });

  it('keeps every page inert in Chromium: nothing runs, no script link, no HTML beyond the allowlist', async () => {
    const context = await browser.newContext({ javaScriptEnabled: true });
    const ran: string[] = [];
    await context.exposeFunction('__zoPwned', (id: string) => ran.push(id));
    // Nothing leaves the machine. A remote image is content in a blog (remote mode keeps zhimg
    // URLs), not execution; any other request to a beacon is.
    await context.route('**/*', (route) => {
      const req = route.request();
      if (req.url().includes('__pwned') && req.resourceType() !== 'image') ran.push(req.url());
      return route.abort();
    });
    const page = await context.newPage();
    const hazards: string[] = [];
    let scriptLinks = 0;
    for (const [path, html] of site.pages) {
      await page.setContent(html, { waitUntil: 'load' });
      // Handlers that need a user: focus, pointer and toggle events, fired on every element.
      await page.evaluate(() => {
        for (const el of document.querySelectorAll('body *')) for (const type of ['focus', 'mouseover', 'pointerenter', 'click', 'toggle', 'animationstart']) el.dispatchEvent(new Event(type));
      });
      const found = renderedPageHazards(html);
      scriptLinks += found.filter((h) => /^(href|src|action|formaction|xlink:href|poster|data)=\s*(javascript|data|vbscript):/i.test(h)).length;
      hazards.push(...found.map((h) => `${path}: ${h}`));
    }
    await context.close();
    const evaluations = templateEvaluations(site);
    console.log(`hexo site: ${site.pages.size} vectors, ${ran.length} executed, ${scriptLinks} script links, ${evaluations} template evaluations`);
    expect({ ran, scriptLinks, hazards, evaluations }).toEqual({ ran: [], scriptLinks: 0, hazards: [], evaluations: 0 });
  }, 180_000);

  it('still writes the three seed files byte for byte', () => {
    for (const file of SEEDS) {
      const bytes = readFileSync(file);
      expect(Buffer.from(hexoPost(imported(bytes.toString('utf8')), { clean })).equals(bytes)).toBe(true);
    }
  });
});
