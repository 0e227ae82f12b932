// The 导出与导入 page and the library it works on, as the transfer specs drive them.
import { expect, type Page } from '@playwright/test';
import { extensionUrl } from './extension-pages';
import type { LaunchedExtension } from './launch';

export const TRANSFER = 'src/ui/transfer/transfer.html';
const QUESTION_URL = 'https://www.zhihu.com/question/24657141';

/** The 导出与导入 page, once it says it is ready. */
export async function openTransfer(ext: Pick<LaunchedExtension, 'context' | 'extensionId'>): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(extensionUrl(ext.extensionId, TRANSFER));
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  return page;
}

/** Saves the first two answers of a real question page with their buttons. */
export async function saveTwoAnswers(ext: Pick<LaunchedExtension, 'context'>): Promise<void> {
  const page = await ext.context.newPage();
  await page.goto(QUESTION_URL);
  const buttons = page.locator('[data-zo-action="save"]');
  for (const i of [0, 1]) {
    await buttons.nth(i).click();
    await expect(buttons.nth(i)).toHaveAttribute('data-zo-state', 'saved');
  }
  await page.close();
}
