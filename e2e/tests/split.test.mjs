// The wasm is split (scripts/build-wasm.mjs): the first screen downloads the main module
// only; the "+ Créer" dialog's module comes the first time the dialog opens, once.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { USERS, testWorld } from '../support.mjs';

const world = testWorld();

test('the "+ Create" module is fetched when the dialog first opens, not before', async () => {
  const chloe = await world.logIn(USERS.chloe);
  const wasm = [];
  chloe.page.on('request', (request) => {
    if (request.url().endsWith('.wasm')) wasm.push(new URL(request.url()).pathname);
  });
  await chloe.page.reload();
  await chloe.page.locator('.sidebar .conversation-link').first().waitFor();
  assert.equal(wasm.length, 1, `the first screen: ${wasm}`);
  assert.match(wasm[0], /^\/parlons-[0-9a-f]{16}_bg\.wasm$/);

  await chloe.page.getByRole('link', { name: '+ Create' }).click();
  await chloe.page.getByRole('dialog', { name: '+ Create' }).waitFor();
  assert.equal(wasm.length, 2, `after opening "+ Create": ${wasm}`);
  assert.match(wasm[1], /^\/parlons-new-conversation-view-[0-9a-f]{16}\.wasm$/);

  // Closed and opened again: already there.
  await chloe.page.keyboard.press('Escape');
  await chloe.page.getByRole('dialog', { name: '+ Create' }).waitFor({ state: 'detached' });
  await chloe.page.getByRole('link', { name: '+ Create' }).click();
  await chloe.page.getByRole('dialog', { name: '+ Create' }).waitFor();
  assert.equal(wasm.length, 2);
  assert.deepEqual(chloe.problems, [], 'no errors in the console');
  await chloe.context.close();
});
