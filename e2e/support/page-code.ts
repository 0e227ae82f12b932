// A SYNTHETIC stand-in for Zhihu's own question-page code, for the page-driven batch path (issue #14).
//
// Zhihu's real bundles (static.zhihu.com/heifetz/*.js) are not in our captures and would not run offline.
// What the batch relies on is only their behaviour: when the answer list is scrolled to its end, the page
// asks the feeds API for the next page, SIGNED (an `x-zse-96` header, which the fixture server's
// requireSignature switch demands), and renders each answer into the list. This script does exactly that,
// from the page's own `initialState.question.answers[<qid>].next`, following each response's
// `paging.next` until `is_end`. Each new answer is a clone of the page's first real `.List-item` with the
// answer's own id, author, counts, dates and body (the real API object's `content`) put where Zhihu's DOM
// holds them (question-372203058.html), so our extractor reads it as it reads a rendered answer.
/** `renderDelayMs`: each page of answers is drawn this long after it arrives, as on a slow phone or network. */
export function withPageCode(html: string, questionId: string, renderDelayMs = 0): string {
  const script = `<script>(${PAGE_CODE})(${JSON.stringify(questionId)}, ${JSON.stringify(renderDelayMs)});</script>`;
  const at = html.lastIndexOf('</body>');
  return at < 0 ? html + script : html.slice(0, at) + script + html.slice(at);
}

const PAGE_CODE = String.raw`function (qid, renderDelayMs) {
  var state = JSON.parse(document.getElementById('js-initialData').textContent).initialState;
  var next = state.question.answers[qid].next;
  var first = document.querySelector('.List-item');
  var list = first.parentElement;
  var template = first.cloneNode(true);
  var loading = false;
  function setMeta(root, prop, value) {
    for (var i = 0; i < root.children.length; i++) {
      var m = root.children[i];
      if (m.tagName === 'META' && m.getAttribute('itemprop') === prop) m.setAttribute('content', value);
    }
  }
  function iso(seconds) { return new Date(seconds * 1000).toISOString(); }
  function render(a) {
    var li = template.cloneNode(true);
    var item = li.querySelector('.ContentItem.AnswerItem');
    var name = a.author && a.author.name || '匿名用户';
    var url = 'https://www.zhihu.com/question/' + qid + '/answer/' + a.id;
    item.setAttribute('name', String(a.id));
    item.setAttribute('data-zop', JSON.stringify({ authorName: name, itemId: String(a.id), title: a.question.title, type: 'answer' }));
    item.setAttribute('data-za-extra-module', JSON.stringify({ card: { content: { type: 'Answer', token: String(a.id), upvote_num: a.voteup_count, comment_num: a.comment_count, parent_token: qid } } }));
    setMeta(item, 'upvoteCount', String(a.voteup_count));
    setMeta(item, 'commentCount', String(a.comment_count));
    setMeta(item, 'url', url);
    setMeta(item, 'dateCreated', iso(a.created_time));
    setMeta(item, 'dateModified', iso(a.updated_time));
    var author = item.querySelector('[itemprop="author"]');
    author.querySelector('meta[itemprop="name"]').setAttribute('content', name);
    author.querySelector('meta[itemprop="url"]').setAttribute('content', a.author && a.author.url_token ? 'https://www.zhihu.com/people/' + a.author.url_token : 'https://www.zhihu.com/people/');
    author.querySelector('meta[itemprop="image"]').setAttribute('content', a.author && a.author.avatar_url || '');
    item.querySelectorAll('.AuthorInfo-name a').forEach(function (n) { n.textContent = name; });
    var badge = item.querySelector('.AuthorInfo-badge');
    badge.textContent = '';
    if (a.author && a.author.headline) {
      var text = document.createElement('div');
      text.className = 'AuthorInfo-badgeText';
      text.textContent = a.author.headline;
      badge.appendChild(text);
    }
    item.querySelector('.RichText').innerHTML = a.content;
    return li;
  }
  function load() {
    if (loading || !next) return;
    if (window.innerHeight + window.scrollY < document.documentElement.scrollHeight - 600) return;
    loading = true;
    fetch(next.replace(/^http:/, 'https:'), { credentials: 'include', headers: { 'x-zse-96': '2.0_e2e-page-code' } })
      .then(function (r) { return r.json(); })
      .then(function (page) { return new Promise(function (resolve) { setTimeout(function () { resolve(page); }, renderDelayMs); }); })
      .then(function (page) {
        page.data.forEach(function (e) { if (e.target && e.target.type === 'answer') list.appendChild(render(e.target)); });
        next = page.paging.is_end ? null : page.paging.next;
      })
      .finally(function () { loading = false; });
  }
  window.addEventListener('scroll', load, { passive: true });
}`;
