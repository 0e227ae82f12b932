// A real Hexo site for the tests: `hexo` and `hexo-renderer-marked` from npm, default settings, a
// minimal theme, `hexo generate` on the files our export writes.
import Hexo from 'hexo';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A theme that prints what a careful theme prints: the title and author escaped (Nunjucks' `escape`,
 * as EJS themes' `<%= %>`), the body as the HTML Hexo rendered.
 */
const LAYOUT = `<!doctype html><html><head><meta charset="utf-8"><title>{{ page.title | escape }}</title></head>
<body><h1>{{ page.title | escape }}</h1><p class="byline">{{ page.author | escape }}</p><article>{{ page.content | safe }}</article></body></html>`;

export interface HexoSite {
  /** Every page `hexo generate` wrote for a post: path under public/ → HTML. */
  pages: Map<string, string>;
  /** What Hexo read from each post's front matter, by source file name. */
  frontMatter: Map<string, { title: string; author: unknown; categories: string[] }>;
  dir: string;
  remove(): void;
}

/** Writes `files` into source/_posts of a fresh site and runs `hexo generate` there. */
export async function generateHexoSite(files: readonly { name: string; text: string }[]): Promise<HexoSite> {
  const dir = mkdtempSync(join(tmpdir(), 'zo-hexo-site-'));
  mkdirSync(join(dir, 'source/_posts'), { recursive: true });
  mkdirSync(join(dir, 'themes/plain/layout'), { recursive: true });
  // Hexo treats a folder as a site only when its package.json names hexo; otherwise it renders no theme.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'zo-hexo-site', private: true, hexo: { version: '8' } }));
  writeFileSync(join(dir, '_config.yml'), 'title: 知乎离线\nurl: https://blog.example\ntheme: plain\n');
  writeFileSync(join(dir, 'themes/plain/layout/post.njk'), LAYOUT);
  writeFileSync(join(dir, 'themes/plain/layout/index.njk'), '<!doctype html><title>index</title>');
  for (const f of files) writeFileSync(join(dir, 'source/_posts', f.name), f.text);

  const hexo = new Hexo(dir, { silent: true });
  await hexo.init();
  // A site loads its plugins from its own node_modules; this one has none, so ours is loaded by hand.
  await hexo.loadPlugin(createRequire(import.meta.url).resolve('hexo-renderer-marked'));
  await hexo.call('generate', {});
  const frontMatter = new Map<string, { title: string; author: unknown; categories: string[] }>();
  hexo.locals.get('posts').forEach((p: { source: string; title: string; author?: unknown; categories: { map: (f: (c: { name: string }) => string) => string[] } }) => {
    frontMatter.set(p.source.replace(/^_posts\//, ''), { title: p.title, author: p.author, categories: p.categories.map((c) => c.name) });
  });
  await hexo.exit();

  const pages = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(dir, 'public', rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path);
      else if (e.name === 'index.html' && path !== 'index.html' && !/^(page|archives|categories|tags)\//.test(path)) pages.set(path, readFileSync(join(dir, 'public', path), 'utf8'));
    }
  };
  walk('');
  return { pages, frontMatter, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
