// The item panel in another product's page: the demo host page (an RFI page of a
// construction tool, on its own origin) shows RFI 12's conversation; messages go live both
// ways between the panel and the app; the host's badge follows the unread count; following
// works; a site not on the company's list cannot frame the panel; a used ticket opens nothing.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { ARTIFACTS, USERS, freePort, testWorld } from '../support.mjs';

const world = testWorld({ demoHost: true });
const RFI = 'RFI 12 · Hauteur des gaines techniques au sous-sol';
/** A 1×1 PNG. */
const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** The demo host page as someone (by e-mail), in a browser context of its own (no cookie of Parlons). */
async function hostPage(email, { language = 'en', viewport = { width: 1280, height: 860 }, tab = '' } = {}) {
  const context = await world.browser.newContext({ viewport, locale: language === 'fr' ? 'fr-FR' : 'en-GB' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  // What the server refused the page or its panel: a panel asks only what its session may.
  const refused = [];
  page.on('response', (response) => {
    if (response.status() >= 400) refused.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  // Every count the loader re-dispatches, in order.
  await page.addInitScript(() => {
    window.unreadCounts = [];
    document.addEventListener('DOMContentLoaded', () => {
      // Also run in the panel's own frame, which has no loader.
      document.querySelector('script[data-ticket]')
        ?.addEventListener('parlons:unread', (event) => window.unreadCounts.push(event.detail.count));
    });
  });
  await page.goto(`${world.server.hostUrl}/?as=${encodeURIComponent(email)}${tab && `&tab=${tab}`}`);
  const panel = page.frameLocator('iframe.parlons-panel');
  return { context, page, panel, problems, refused };
}

/** A fresh ticket, as the demo host's server puts it in its page. */
async function freshTicket() {
  const html = await (await fetch(`${world.server.hostUrl}/?as=${encodeURIComponent(USERS.bruno.email)}`)).text();
  return html.match(/data-ticket="([^"]+)"/)[1];
}

test('the panel on the host page: live both ways, the badge, following', async () => {
  const david = await world.logIn(USERS.david);
  const davidsRfi = david.page.locator('.conversation-link', { hasText: RFI });
  await davidsRfi.click();

  const bruno = await hostPage(USERS.bruno.email);
  await bruno.panel.getByText('Aucune de notre côté.').waitFor();
  await bruno.panel.getByRole('heading', { name: RFI }).waitFor();
  // The loader sizes the iframe to the panel's content (320 px until the panel says).
  await bruno.page.waitForFunction(() => document.querySelector('iframe.parlons-panel').getBoundingClientRect().height > 340);

  // From the panel to the app.
  const composer = bruno.panel.getByLabel('Write a message');
  await composer.fill('Vu depuis la RFI : on part sur 2,40 m.');
  await composer.press('Enter');
  await david.page.locator('article', { hasText: 'Vu depuis la RFI : on part sur 2,40 m.' }).waitFor();
  // From the app to the panel.
  const reply = david.page.getByLabel('Write a message');
  await reply.fill('Bien noté, je préviens le plombier.');
  await reply.press('Enter');
  await bruno.panel.locator('article', { hasText: 'Bien noté, je préviens le plombier.' }).waitFor();

  // Following, from the panel.
  const unfollow = bruno.panel.getByRole('button', { name: 'Unfollow' });
  await unfollow.click();
  await bruno.panel.getByRole('button', { name: 'Follow' }).waitFor();
  await bruno.page.reload();
  await bruno.panel.getByRole('button', { name: 'Follow' }).waitFor();
  await bruno.panel.getByRole('button', { name: 'Follow' }).click();
  await bruno.panel.getByRole('button', { name: 'Unfollow' }).waitFor();

  // A photo from the panel: an <img> and a download link send no header, so the panel's
  // token goes in their addresses; both load.
  const [chooser] = await Promise.all([
    bruno.page.waitForEvent('filechooser'),
    bruno.panel.getByRole('button', { name: 'Attach files' }).click(),
  ]);
  await chooser.setFiles([{ name: 'gaine.png', mimeType: 'image/png', buffer: Buffer.from(PIXEL, 'base64') }]);
  const frame = bruno.page.frames().find((f) => f.url().includes('/embed/items/'));
  await frame.waitForFunction(() => document.querySelectorAll('.composer .upload.done').length === 1);
  await composer.fill('La gaine, en photo.');
  await composer.press('Enter');
  await bruno.panel.locator('article.message', { hasText: 'La gaine, en photo.' }).locator('.attachment-image img').waitFor();
  await frame.waitForFunction(() => [...document.querySelectorAll('.attachment-image img')].every((img) => img.complete && img.naturalWidth > 0));
  const download = await frame.evaluate(async () => {
    const src = document.querySelector('.attachment-image img').getAttribute('src');
    return (await fetch(src.replace('/preview', ''), { credentials: 'omit' })).status;
  });
  assert.equal(download, 200, 'the file itself');
  await david.page.locator('article', { hasText: 'La gaine, en photo.' }).waitFor();
  assert.deepEqual(bruno.problems, []);
  assert.deepEqual(bruno.refused, []);

  // Chloé's page opens on the attachments, the panel out of sight: her Conversations icon
  // counts the messages she has not read, live; shown the panel, she reads them, and the
  // badge clears.
  await reply.fill('Chloé, peux-tu confirmer la cote sur place ?');
  await reply.press('Enter');
  await david.page.locator('article', { hasText: 'Chloé, peux-tu confirmer' }).waitFor();
  const chloe = await hostPage('chloe@durand-construction.example', { tab: 'files' });
  const badge = chloe.page.locator('.conversations-badge');
  await chloe.page.waitForFunction(() => window.unreadCounts.at(-1) === 4);
  assert.equal(await badge.textContent(), '4', 'the panel\'s three messages and David\'s question');
  await reply.fill('Et la hauteur sous poutre ?');
  await reply.press('Enter');
  await chloe.page.waitForFunction(() => window.unreadCounts.at(-1) === 5);
  assert.equal(await badge.textContent(), '5', 'live');
  await chloe.page.getByRole('tab', { name: /Conversations/ }).click();
  await chloe.panel.getByText('Et la hauteur sous poutre ?').waitFor();
  await badge.waitFor({ state: 'hidden' });
  assert.equal(await chloe.page.evaluate(() => window.unreadCounts.at(-1)), 0);
  assert.deepEqual(chloe.refused, []);
  await chloe.context.close();
  await bruno.context.close();
  await david.context.close();
});

test('a site not on the list cannot frame the panel, and a used ticket opens nothing', async () => {
  const ticket = await freshTicket();
  const port = await freePort();
  const evil = createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end(`<!DOCTYPE html><title>Elsewhere</title><iframe id="panel" src="${world.server.url}/embed/items/rfi/rfi-12?ticket=${ticket}&host=http://127.0.0.1:${port}"></iframe>`);
  });
  await new Promise((resolve) => evil.listen(port, '127.0.0.1', resolve));
  const context = await world.browser.newContext();
  const page = await context.newPage();
  const refusals = [];
  page.on('console', (message) => {
    if (/frame-ancestors/.test(message.text())) refusals.push(message.text());
  });
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => document.getElementById('panel'));
  await page.waitForTimeout(1000);
  assert.ok(refusals.length > 0, 'the browser refuses the framing (frame-ancestors)');
  const frame = page.frames().find((f) => f !== page.mainFrame());
  assert.ok(!frame.url().startsWith(world.server.url) || (await frame.locator('.panel').count()) === 0, 'no panel shown');
  evil.close();

  // The ticket is single-use: exchanged once (as the panel does), it opens nothing again.
  const exchange = () => fetch(`${world.server.url}/api/v1/widget/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ticket }),
  });
  assert.equal((await exchange()).status, 200);
  assert.equal((await exchange()).status, 403);
  await page.goto(`${world.server.url}/embed/items/rfi/rfi-12?ticket=${ticket}`);
  await page.getByRole('alert').filter({ hasText: "This panel's link has expired." }).waitFor();
  await context.close();
});

test('on the app\'s own site, the person\'s session opens the panel without a ticket', async () => {
  const bruno = await world.logIn(USERS.bruno);
  await bruno.page.goto(`${world.server.url}/embed/items/rfi/rfi-12?project=2024-017`);
  await bruno.page.getByText('Aucune de notre côté.').waitFor();
  await bruno.page.getByRole('button', { name: /^(Follow|Unfollow)$/ }).waitFor();
  await bruno.page.goto(`${world.server.url}/embed/items/rfi/rfi-99?project=2024-017`);
  await bruno.page.getByRole('alert').filter({ hasText: 'This item does not exist, or you may not read it.' }).waitFor();
  await bruno.context.close();
  const stranger = await world.browser.newContext({ locale: 'en-GB' });
  const page = await stranger.newPage();
  await page.goto(`${world.server.url}/embed/items/rfi/rfi-12?project=2024-017`);
  await page.getByRole('alert').filter({ hasText: "Log in to Parlons to see this item's conversation." }).waitFor();
  await stranger.close();
});

test('screenshots of the host page with the panel, desktop and phone, French and English', async () => {
  for (const language of ['en', 'fr']) {
    for (const [device, viewport] of [['desktop', { width: 1280, height: 860 }], ['phone', { width: 390, height: 844 }]]) {
      const host = await hostPage(USERS.bruno.email, { language, viewport });
      await host.panel.getByText('Aucune de notre côté.').waitFor();
      await host.page.waitForTimeout(300);
      await host.page.screenshot({ path: join(ARTIFACTS, `widget-host-${device}-${language}.png`), fullPage: true });
      const label = language === 'fr' ? 'Écrire un message' : 'Write a message';
      await host.panel.getByLabel(label).waitFor();
      assert.deepEqual(host.problems, []);
      await host.context.close();
    }
  }
});
