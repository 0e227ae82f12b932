/**
 * Every Zhihu selector lives here. Only BEM-like names, itemprop and data-* hooks:
 * generated `css-xxxxxx` classes change between deploys (docs/zhihu-format.md §7).
 */
export const SEL = {
  initialData: 'script#js-initialData',
  /** Answers everywhere: question pages (incl. collapsed ones), feeds, collections, people pages, search. */
  answerItem: '.ContentItem.AnswerItem',
  /** Article cards in lists: columns, feeds, collections, people pages, search (column-c_…-2021.html). */
  articleItem: '.ContentItem.ArticleItem',
  /** Pins (想法) in lists and on `/pin/<id>` pages. */
  pinItem: '.ContentItem.PinItem',
  /** The article of a zhuanlan page. */
  articleRoot: '.Post-content',
  articleMain: 'article.Post-Main',
  articleTitle: 'h1.Post-Title',
  articleBody: '.Post-RichText',
  /** The title of a list card: `h2.ContentItem-title > a`. */
  itemTitle: ':scope > h2.ContentItem-title, :scope > .ContentItem-title, :scope > div > h2.ContentItem-title',
  itemTitleLink: '.ContentItem-title a[href]',
  questionTitle: 'h1.QuestionHeader-title',
  questionTopics: '.QuestionHeader-topics a.TopicLink',
  articleTopics: '.Post-topicsAndReviewer a.TopicLink',
  richText: '.RichText',
  videoAnswer: '.VideoAnswerPlayer',
  paywall: '.KfeCollection-PurchaseBtn',
  /** "阅读全文" on list cards that hold only an excerpt (not the "展开阅读全文" of collapsed answers). */
  readMore: '.ContentItem-more',
  /** Where the save button goes: after the author line of an item, or under an article's title. */
  itemMetaLine: ':scope > .ContentItem-meta',
} as const;
