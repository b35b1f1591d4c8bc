// Parlons' item panel, for a host product's page: one tag where the panel goes,
//
//   <script src="https://parlons.example.com/parlons-widget.js" data-project="2024-017"
//           data-tool="rfi" data-item="rfi-12" data-ticket="TICKET"></script>
//
// with a ticket the host's server asked for (POST /api/v1/integration/widget-tickets). The
// loader puts the panel (an iframe of Parlons) after the tag, sizes it to its content, and
// re-dispatches the panel's unread count as a `parlons:unread` event on the tag
// (`event.detail.count`), for the host to badge its own Conversations icon. It tells the
// panel whether the person can see it (on screen, its tab shown): the panel reads the
// conversation only then, so that the badge counts what is still to read. Messages are
// taken only from the panel itself, at Parlons' origin, and sent only to it; the panel
// sends its own only to this page's origin.
(() => {
  const script = document.currentScript;
  if (!script) return;
  const parlons = new URL(script.src).origin;
  const { project = '', tool, item, ticket } = script.dataset;
  if (!tool || !item || !ticket) {
    console.error('parlons-widget.js: data-tool, data-item and data-ticket are required');
    return;
  }
  const address = new URL(`/embed/items/${encodeURIComponent(tool)}/${encodeURIComponent(item)}`, parlons);
  address.searchParams.set('project', project);
  address.searchParams.set('ticket', ticket);
  address.searchParams.set('host', window.location.origin);
  const frame = document.createElement('iframe');
  frame.src = address.href;
  frame.title = script.dataset.title || 'Conversations';
  frame.className = 'parlons-panel';
  frame.style.cssText = 'display:block;width:100%;height:320px;border:0;';
  frame.allow = 'clipboard-write';
  script.after(frame);
  let onScreen = false;
  const tellVisible = () => frame.contentWindow?.postMessage(
    { type: 'parlons:visible', visible: onScreen && document.visibilityState === 'visible' },
    parlons,
  );
  new IntersectionObserver(([entry]) => {
    onScreen = entry.isIntersecting;
    tellVisible();
  }).observe(frame);
  document.addEventListener('visibilitychange', tellVisible);
  window.addEventListener('message', (event) => {
    if (event.origin !== parlons || event.source !== frame.contentWindow) return;
    const message = event.data ?? {};
    if (message.type === 'parlons:ready') {
      tellVisible();
    } else if (message.type === 'parlons:size' && Number.isFinite(message.height) && message.height > 0) {
      frame.style.height = `${Math.ceil(message.height)}px`;
    } else if (message.type === 'parlons:unread' && Number.isInteger(message.count)) {
      script.dispatchEvent(new CustomEvent('parlons:unread', { detail: { count: message.count } }));
    }
  });
})();
