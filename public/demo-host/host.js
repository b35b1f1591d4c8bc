// The demo host page's own script: its Conversations icon carries the item panel's unread
// count, which the loader re-dispatches as `parlons:unread` on its script element.
const loader = document.querySelector('script[data-ticket]');
const badge = document.querySelector('.conversations-badge');
loader?.addEventListener('parlons:unread', (event) => {
  const count = event.detail.count;
  badge.textContent = count > 0 ? String(count) : '';
  badge.hidden = count === 0;
  badge.setAttribute('aria-label', `${count} unread`);
});
