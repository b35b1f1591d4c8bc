// Benchmark (not a test): a conversation of 10,000 messages in headless Chromium against the
// real server. Prints time to first render, DOM size, the longest task while scrolling to the
// top, and the time to switch conversations. Targets: PRODUCT.md section 6.
//
// Run with `scripts/bench-view` (which builds what it needs).

import { DEMO_PASSWORD, USERS, launchBrowser, logIn, startServer } from '../support.mjs';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);

async function api(server, cookie, method, path, body) {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

async function login(server, email) {
  const response = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  return response.headers.get('set-cookie').split(';')[0];
}

const server = await startServer();
const browser = await launchBrowser();
try {
  // A project conversation of David and Bruno with MESSAGES messages, sent through the API.
  const bruno = await login(server, USERS.bruno.email);
  const list = await api(server, bruno, 'GET', '/conversations');
  const big = list.find((c) => c.kind === 'direct' && c.participants.some((p) => p.name === 'David Roux'));
  const seedStart = Date.now();
  for (let n = 0; n < MESSAGES; n += 1) {
    const text = `Message ${n + 1} : point d'avancement du lot ${n % 17}, rien à signaler.`;
    await api(server, bruno, 'POST', `/conversations/${big.id}/messages`, {
      idempotency_key: `bench-${n}`,
      body: { blocks: [{ type: 'paragraph', content: [{ type: 'text', text }] }] },
    });
  }
  const seedSeconds = (Date.now() - seedStart) / 1000;

  const david = await logIn(browser, server, USERS.david);
  const page = david.page;
  await page.evaluate(() => {
    window.__longest = 0;
    new PerformanceObserver((entries) => {
      for (const entry of entries.getEntries()) window.__longest = Math.max(window.__longest, entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });

  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const open = async (title, lastText) => {
    const started = await page.evaluate(() => performance.now());
    const exact = new RegExp(`^${escape(title)}$`);
    await page.locator('.conversation-link', { has: page.locator('.conversation-title', { hasText: exact }) }).click();
    await page.getByText(lastText).waitFor();
    return (await page.evaluate(() => performance.now())) - started;
  };
  const firstRender = await open('Bruno Martin', `Message ${MESSAGES} :`);
  const dom = await page.evaluate(() => ({
    nodes: document.querySelectorAll('*').length,
    rows: document.querySelectorAll('article.message').length,
  }));

  await page.evaluate(() => { window.__longest = 0; });
  const scrollStart = Date.now();
  let reachedTop = false;
  for (let step = 0; step < 2_000 && !reachedTop; step += 1) {
    await page.evaluate(() => {
      const list = document.querySelector('.message-list');
      list.scrollTop = 0;
      list.dispatchEvent(new Event('scroll'));
    });
    await page.waitForTimeout(30);
    // The conversation's first message is the demo's question about the ducts.
    reachedTop = (await page.getByText('Pouvez-vous confirmer la hauteur des gaines').count()) > 0
      && (await page.locator('.load-older').count()) === 0;
  }
  const scrollSeconds = (Date.now() - scrollStart) / 1000;
  const longest = await page.evaluate(() => window.__longest);
  const rowsAtTop = await page.evaluate(() => document.querySelectorAll('article.message').length);

  const switches = [];
  for (let round = 0; round < 5; round += 1) {
    switches.push(await open('RFI 12 · Hauteur des gaines techniques au sous-sol', 'Aucune de notre côté.'));
    switches.push(await open('Bruno Martin', `Message ${MESSAGES} :`));
  }
  const sorted = switches.filter(Number.isFinite).sort((a, b) => a - b);

  const ms = (value) => `${value.toFixed(1)} ms`;
  console.log(`conversation of ${MESSAGES} messages (seeded through the API in ${seedSeconds.toFixed(1)} s)`);
  console.log(`time to first render of the conversation: ${ms(firstRender)}`);
  console.log(`DOM after opening: ${dom.nodes} elements, ${dom.rows} message rows`);
  console.log(`scrolling to the oldest message: ${reachedTop ? 'reached' : 'NOT reached'} in ${scrollSeconds.toFixed(1)} s, ${rowsAtTop} message rows at the top`);
  console.log(`longest task while scrolling: ${longest > 0 ? ms(longest) : 'none over 50 ms'}`);
  console.log(`conversation switch: median ${ms(sorted[Math.floor(sorted.length / 2)])}, worst ${ms(sorted[sorted.length - 1])} (${sorted.length} switches)`);
} finally {
  await browser.close();
  await server.stop();
}
