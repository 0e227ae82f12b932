// The real question page the fault tests save from: question-24657141, whose 5th answer
// (年糕妈妈, 829983520) has 24 images and whose 2nd (叶壮) has one.
export const QUESTION = 'https://www.zhihu.com/question/24657141';
export const BIG = 4;
export const BIG_KEY = 'answer:829983520';
export const BIG_IMAGES = 24;
