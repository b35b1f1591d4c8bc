// Benchmark (not a test): what the browser downloads to show the Conversations app, and how
// long a cold load takes on a slow phone network. Target: PRODUCT.md section 6 (350 KB brotli).
//
// Run with `scripts/bench-size` (which builds what it needs). Prints, for each file of the
// first load, the bytes Chromium received (headers included, as the network carried them),
// then the time from navigation to the conversation list on an emulated "Fast 3G" network
// (150 ms latency, 1.6 Mbps down, 750 kbps up), cold cache, logged in: median of RUNS.

import { DEMO_PASSWORD, USERS, launchBrowser, startServer } from '../support.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const FAST_3G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1_000_000) / 8,
  uploadThroughput: (750 * 1_000) / 8,
};

/** One cold load: a fresh context (empty cache), logged in through the API, then timed. */
async function coldLoad(browser, server) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const login = await context.request.post(`${server.url}/api/v1/session`, {
    data: { email: USERS.bruno.email, password: DEMO_PASSWORD },
  });
  if (!login.ok()) throw new Error(`login: ${login.status()}`);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', FAST_3G);
  const requests = new Map();
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    requests.set(requestId, { url: new URL(response.url).pathname, encoding: response.headers['content-encoding'] ?? '' });
  });
  const files = [];
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const request = requests.get(requestId);
    if (request) files.push({ ...request, bytes: encodedDataLength });
  });
  // The page notes when the list first shows, on its own clock (from the navigation's start):
  // the driver would only see it a poll later.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('.sidebar .conversation-link')) {
        window.__listShownAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, childList: true });
  });
  await page.goto(`${server.url}/conversations`);
  await page.locator('.sidebar .conversation-link').first().waitFor({ timeout: 60_000 });
  const ms = Math.round(await page.evaluate(() => window.__listShownAt));
  await context.close();
  return { ms, files };
}

const server = await startServer();
const browser = await launchBrowser();
try {
  const loads = [];
  for (let run = 0; run < RUNS; run += 1) loads.push(await coldLoad(browser, server));
  const { files } = loads[0];
  const isApp = (f) => !f.url.startsWith('/api/');
  console.log(`${'first load'.padEnd(48)} ${'encoding'.padEnd(9)} ${'bytes'.padStart(9)}`);
  for (const f of files) console.log(`${f.url.slice(0, 48).padEnd(48)} ${f.encoding.padEnd(9)} ${String(f.bytes).padStart(9)}`);
  const sum = (list) => list.reduce((total, f) => total + f.bytes, 0);
  console.log(`${'app (html + js + wasm + css)'.padEnd(58)} ${String(sum(files.filter(isApp))).padStart(9)}`);
  console.log(`${'API answers'.padEnd(58)} ${String(sum(files.filter((f) => !isApp(f)))).padStart(9)}`);
  const times = loads.map((l) => l.ms).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`cold load to the conversation list on Fast 3G, ${RUNS} runs: median ${median} ms (${times.join(', ')})`);
} finally {
  await browser.close();
  await server.stop();
}
