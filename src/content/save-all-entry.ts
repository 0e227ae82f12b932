/**
 * The 保存全部… button (save-all.ts) as a script of its own (issue #14): every Zhihu page loads the content
 * script, but only list pages (a question, a 收藏夹, a column, a person's list) need this, so the content
 * script asks for it once the page is idle (batch/offer) and the worker injects it into that tab.
 */
import { extensionLifetime } from './lifetime';
import { placeSaveAll } from './save-all';

placeSaveAll(document, extensionLifetime().signal);
