/**
 * Every Zhihu selector lives here. Only BEM-like names, itemprop and data-* hooks:
 * generated `css-xxxxxx` classes change between deploys (zhihu-format.md, intro).
 */
export const SEL = {
  initialData: 'script#js-initialData',
  answerItem: '.ContentItem.AnswerItem',
  articleRoot: '.Post-content',
  articleTitle: 'h1.Post-Title',
  questionTitle: 'h1.QuestionHeader-title',
  questionPage: '.QuestionPage',
  questionTopics: '.QuestionHeader-topics a.TopicLink',
  articleTopics: '.Post-topicsAndReviewer a.TopicLink',
  richText: '.RichText',
  authorMeta: '.AuthorInfo[itemprop="author"], [itemprop="author"]',
  paywall: '.KfeCollection-PurchaseBtn',
  collapsed: '.RichContent.is-collapsed',
} as const;
