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

// The sidebar's tabs (the page opens on the one its server chose: `?tab=files`, the
// attachments, the panel out of sight).
const tabs = [...document.querySelectorAll('[role="tab"]')];
const show = (tab) => {
  for (const other of tabs) {
    const selected = other === tab;
    other.setAttribute('aria-selected', String(selected));
    document.getElementById(other.getAttribute('aria-controls')).hidden = !selected;
  }
};
for (const tab of tabs) tab.addEventListener('click', () => show(tab));
