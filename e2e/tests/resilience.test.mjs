// Loading and errors: placeholders while loading, an inline retry when a load fails, an offline
// indicator, and a send that fails keeps its text; never a blank screen.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { USERS, testWorld } from '../support.mjs';

const world = testWorld();

test('placeholders while a conversation loads, and an inline retry when the list fails', async () => {
  const bruno = await world.logIn(USERS.bruno);
  const { page } = bruno;

  // The messages take their time: placeholders stand in their place meanwhile.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/api/v1/conversations/*/messages*', async (route) => {
    await held;
    await route.continue();
  });
  await page.locator('.conversation-link', { hasText: 'David Roux' }).click();
  await page.locator('.message-list.loading[aria-busy="true"] .skeleton').first().waitFor();
  release();
  await page.locator('article.message').first().waitFor();
  assert.equal(await page.locator('.message-list.loading').count(), 0);
  await page.unroute('**/api/v1/conversations/*/messages*');

  // The list cannot be loaded: the sidebar says so and offers to try again.
  await page.route('**/api/v1/conversations', (route) => route.abort('connectionrefused'));
  await page.reload();
  const failure = page.locator('.sidebar[role="alert"]');
  await failure.waitFor();
  assert.match(await failure.textContent(), /The server cannot be reached/);
  await page.unroute('**/api/v1/conversations');
  await failure.getByRole('button', { name: 'Try again' }).click();
  await page.locator('.sidebar .conversation-link').first().waitFor();
  assert.equal(await failure.count(), 0);
  // Only the refused requests were logged, nothing else went wrong.
  assert.deepEqual(bruno.problems.filter((p) => !p.includes('net::ERR')), []);
  await bruno.context.close();
});

test('offline: the header says so, a send fails without losing its text, and all resumes', async () => {
  const bruno = await world.logIn(USERS.bruno);
  const { page, context } = bruno;
  await page.locator('.conversation-link', { hasText: 'David Roux' }).click();
  const composer = page.getByLabel('Write a message');
  await composer.waitFor();

  // The browser goes offline: the header says so.
  await context.setOffline(true);
  await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
  await composer.fill('Le camion arrive à 10 h.');
  await composer.press('Enter');
  await page.getByRole('alert').filter({ hasText: 'The server cannot be reached' }).waitFor();
  assert.equal(await composer.textContent(), 'Le camion arrive à 10 h.', 'the text is still there');

  await context.setOffline(false);
  await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor({ state: 'detached' });
  await composer.press('Enter');
  await page.locator('.message-body', { hasText: 'Le camion arrive à 10 h.' }).waitFor();
  assert.equal(await composer.textContent(), '');
  await bruno.context.close();
});
