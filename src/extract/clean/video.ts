/** The one offline form of any video: its poster image plus a link to where it plays (docs/zhihu-format.md §4.5). */
export interface VideoCard {
  poster: string | null;
  href: string | null;
  title: string;
}

export function videoFigure(doc: Document, card: VideoCard): HTMLElement {
  const figure = doc.createElement('figure');
  figure.setAttribute('data-draft-type', 'video');
  if (card.poster) {
    const img = doc.createElement('img');
    img.setAttribute('src', card.poster);
    figure.append(img);
  }
  const caption = doc.createElement('figcaption');
  const title = card.title || card.href || '';
  if (card.href) {
    const link = doc.createElement('a');
    link.setAttribute('href', card.href);
    link.textContent = title;
    caption.append(link);
  } else caption.textContent = title;
  figure.append(caption);
  return figure;
}
