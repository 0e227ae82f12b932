// XSS smoke test: hostile answer HTML is saved, listed and read, and nothing executes in our pages.
import { expect, test, type Locator } from '@playwright/test';
import { openPopup, watchPage } from './support/extension-pages';
import { dumpDatabase, putRawContent } from './support/idb';
import { zhihuSession } from './support/session';

const ATTACKS = [
  '<img src=x onerror="alert(\'img\')">',
  '<script>alert("script")</script>',
  '<a href="javascript:alert(\'href\')">点我</a>',
  '<svg onload="alert(\'svg\')"><circle r="1"/></svg>',
  '<p style="background:url(javascript:alert(1))" onclick="alert(\'p\')">正文段落</p>',
  '<iframe src="javascript:alert(\'iframe\')"></iframe>',
  '<math><mtext><table><mglyph><style><img src=x onerror="alert(\'mxss\')"></style></mglyph></table></mtext></math>',
].join('');

// A minimal answer page in Zhihu's real item structure (docs/zhihu-format.md §1.2), without js-initialData,
// so the DOM path of extraction is the one exercised.
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>XSS 测试问题 - 知乎</title></head><body>
<div class="QuestionPage"><h1 class="QuestionHeader-title">XSS 测试问题</h1>
<div class="ContentItem AnswerItem" name="2000" data-zop='{"authorName":"攻击者","itemId":"2000","title":"XSS 测试问题","type":"answer"}'>
<div class="ContentItem-meta"><div class="AuthorInfo" itemprop="author"><meta itemprop="name" content="攻击者"></div></div>
<meta itemprop="url" content="https://www.zhihu.com/question/1000/answer/2000">
<meta itemprop="dateCreated" content="2024-01-02T03:04:05.000Z">
<div class="RichContent"><span class="RichText ztext" itemprop="text"><p>开头</p>${ATTACKS}</span></div>
</div></div></body></html>`;

const session = zhihuSession();

test.beforeEach(() => {
  session.server.addPage('www.zhihu.com', '/question/1000/answer/2000', PAGE);
});

test('hostile content is stored clean and nothing runs in the popup or reader', async () => {
  const { context, extensionId } = session.ext;
  const page = await context.newPage();
  page.on('dialog', (d) => void d.dismiss()); // the Zhihu page itself is not ours to protect
  await page.goto('https://www.zhihu.com/question/1000/answer/2000');
  const button = page.locator('[data-zo-action="save"]');
  await button.click();
  await expect(button).toHaveAttribute('data-zo-state', 'saved');

  const popup = await openPopup(context, extensionId);
  const popupSeen = watchPage(popup);
  await popup.reload();
  const stored = await dumpDatabase(popup);
  expect(stored.posts).toHaveLength(1);
  expect(stored.contents[0]?.content).not.toMatch(/<script|onerror|onload|onclick|javascript:|<iframe|<svg/i);

  await expect(popup.locator('.post-row')).toHaveCount(1);
  const [reader] = await Promise.all([context.waitForEvent('page'), popup.locator('.post-open').click()]);
  const readerSeen = watchPage(reader);
  await reader.reload();
  await expect(reader.locator('#content')).toContainText('正文段落');
  await expect(reader.locator('#content')).toContainText('点我');
  expect(await sinksIn(reader.locator('#content'))).toEqual({ scripts: 0, handlers: 0, jsLinks: 0 });

  // The reader must not trust storage either (an import file could hold anything): put the raw
  // attacks straight into IndexedDB and read again.
  await putRawContent(reader, 'answer:2000', `<p>原始攻击</p>${ATTACKS}`);
  await reader.reload();
  await expect(reader.locator('#content')).toContainText('原始攻击');
  await expect(reader.locator('#content')).toContainText('正文段落');
  expect(await sinksIn(reader.locator('#content'))).toEqual({ scripts: 0, handlers: 0, jsLinks: 0 });
  // Give any delayed handler (onerror of a broken image) a chance to fire before concluding.
  await reader.waitForTimeout(300);
  expect([...popupSeen.dialogs, ...readerSeen.dialogs]).toEqual([]);
});

async function sinksIn(content: Locator): Promise<{ scripts: number; handlers: number; jsLinks: number }> {
  return content.evaluate((el) => ({
    scripts: el.querySelectorAll('script, iframe, svg, math, style, object, embed').length,
    handlers: Array.from(el.querySelectorAll('*')).filter((n) => Array.from(n.attributes).some((a) => a.name.startsWith('on') || a.name === 'style')).length,
    jsLinks: Array.from(el.querySelectorAll('[href], [src]')).filter((n) => /^\s*javascript:/i.test(n.getAttribute('href') ?? n.getAttribute('src') ?? '')).length,
  }));
}
