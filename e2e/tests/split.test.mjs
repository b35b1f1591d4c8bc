// The wasm is split (scripts/build-wasm.mjs): the first screen downloads the main module
// only; the "+ Créer" dialog's, the search panel's, the quick switcher's and a thread's
// modules come the first time each opens, once, with the chunks of code they share
// (`parlons-chunk-*`).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { USERS, testWorld } from '../support.mjs';

const world = testWorld();

/** The wasm files fetched since the last call, shared chunks apart. */
function fetched(page) {
  const wasm = [];
  page.on('request', (request) => {
    if (request.url().endsWith('.wasm')) wasm.push(new URL(request.url()).pathname);
  });
  return () => {
    const files = wasm.splice(0);
    return files.filter((file) => !/^\/parlons-chunk-\d+-[0-9a-f]{16}\.wasm$/.test(file));
  };
}

test('each dialog\'s module is fetched when it first opens, not before, and once', async () => {
  const chloe = await world.logIn(USERS.chloe);
  const since = fetched(chloe.page);
  await chloe.page.reload();
  await chloe.page.locator('.sidebar .conversation-link').first().waitFor();
  const first = since();
  assert.equal(first.length, 1, `the first screen: ${first}`);
  assert.match(first[0], /^\/parlons-[0-9a-f]{16}_bg\.wasm$/);

  await chloe.page.getByRole('link', { name: '+ Create' }).click();
  await chloe.page.getByRole('dialog', { name: '+ Create' }).waitFor();
  assert.deepEqual(since().map((f) => f.replace(/-[0-9a-f]{16}/, '')), ['/parlons-new-conversation-view.wasm']);

  // Closed and opened again: already there.
  await chloe.page.keyboard.press('Escape');
  await chloe.page.getByRole('dialog', { name: '+ Create' }).waitFor({ state: 'detached' });
  await chloe.page.getByRole('link', { name: '+ Create' }).click();
  await chloe.page.getByRole('dialog', { name: '+ Create' }).waitFor();
  assert.deepEqual(since(), []);
  await chloe.page.keyboard.press('Escape');

  // The quick switcher (Ctrl+K) and the search panel.
  await chloe.page.keyboard.press('Control+k');
  await chloe.page.getByRole('dialog').waitFor();
  assert.deepEqual(since().map((f) => f.replace(/-[0-9a-f]{16}/, '')), ['/parlons-quick-switcher-view.wasm']);
  // Loaded late, it still takes the focus: typing goes to it.
  await chloe.page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'combobox');
  await chloe.page.keyboard.press('Escape');
  await chloe.page.getByRole('dialog').waitFor({ state: 'detached' });
  await chloe.page.locator('.search-button').click();
  await chloe.page.locator('.search-panel').waitFor();
  assert.deepEqual(since().map((f) => f.replace(/-[0-9a-f]{16}/, '')), ['/parlons-search-panel-view.wasm']);
  await chloe.page.waitForFunction(() => document.activeElement?.getAttribute('type') === 'search');
  assert.deepEqual(chloe.problems, [], 'no errors in the console');
  await chloe.context.close();
});

test('a thread\'s module is fetched when the first thread opens', async () => {
  const bruno = await world.logIn(USERS.bruno);
  const since = fetched(bruno.page);
  await bruno.page.locator('.conversation-link', { hasText: 'David Roux' }).first().click();
  const root = bruno.page.locator('.message-list article.message', { hasText: 'Bonjour Bruno, 2,40 m' });
  await root.hover();
  assert.deepEqual(since(), [], 'a conversation needs nothing more');
  await root.getByRole('button', { name: 'Reply' }).click();
  const thread = bruno.page.getByRole('complementary', { name: 'Thread' });
  await thread.getByText('Bonjour Bruno, 2,40 m').waitFor();
  assert.deepEqual(since().map((f) => f.replace(/-[0-9a-f]{16}/, '')), ['/parlons-thread-panel-view.wasm']);
  await thread.getByLabel('Reply in the thread').press('Escape');
  await thread.waitFor({ state: 'detached' });
  await root.hover();
  await root.getByRole('button', { name: 'Reply' }).click();
  await thread.getByText('Bonjour Bruno, 2,40 m').waitFor();
  assert.deepEqual(since(), [], 'once');
  assert.deepEqual(bruno.problems, [], 'no errors in the console');
  await bruno.context.close();
});
