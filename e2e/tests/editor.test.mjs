// The editor against the real server: formatting typed with the keyboard reaches the other
// participant as formatting, and a mention chosen from the picker badges the person.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { ARTIFACTS, USERS, testWorld } from '../support.mjs';

const world = testWorld();

test('a formatted message with a mention reaches the mentioned person, badged', async () => {
  const bruno = await world.logIn(USERS.bruno);
  const chloe = await world.logIn(USERS.chloe);
  await bruno.page.locator('.conversation-link', { hasText: 'Chloé Bernard, Emma Petit' }).click();
  const composer = bruno.page.getByLabel('Write a message');
  await composer.click();
  const keyboard = bruno.page.keyboard;
  await keyboard.type('Pour ');
  await keyboard.type('@chl');
  const option = bruno.page.getByRole('option', { name: /Chloé Bernard/ });
  await option.waitFor();
  await keyboard.press('Enter');
  await keyboard.type(': ');
  await keyboard.press('Control+b');
  await keyboard.type('urgent');
  await keyboard.press('Control+b');
  await keyboard.press('Shift+Enter');
  await keyboard.type('- fourreaux');
  await keyboard.press('Shift+Enter');
  await keyboard.type('dalle');
  await bruno.page.screenshot({ path: join(ARTIFACTS, 'editor-composing.png') });
  await keyboard.press('Enter');

  const received = chloe.page.locator('.conversation-link', { hasText: 'Bruno Martin, Emma Petit' });
  await received.locator('.badge.mention').waitFor({ timeout: 5_000 });
  await received.click();
  const message = chloe.page.locator('article.message', { hasText: 'urgent' });
  await message.waitFor();
  assert.equal(await message.locator('.mention').textContent(), '@Chloé Bernard');
  assert.equal(await message.locator('strong').textContent(), 'urgent');
  assert.deepEqual(await message.locator('ul > li').allTextContents(), ['fourreaux', 'dalle']);
  await chloe.page.screenshot({ path: join(ARTIFACTS, 'editor-received.png') });
  assert.deepEqual(bruno.problems, []);
  assert.deepEqual(chloe.problems, []);
  await bruno.context.close();
  await chloe.context.close();
});

test('a draft survives a reload, formatting included, and is gone once sent', async () => {
  const bruno = await world.logIn(USERS.bruno);
  const { page } = bruno;
  await page.locator('.conversation-link', { hasText: 'David Roux' }).click();
  const composer = page.getByLabel('Write a message');
  await composer.click();
  await page.keyboard.type('Pas encore ');
  await page.keyboard.press('Control+i');
  await page.keyboard.type('fini');
  await page.reload();
  await composer.locator('em', { hasText: 'fini' }).waitFor();
  assert.equal(await composer.textContent(), 'Pas encore fini');
  // Another conversation has its own (empty) draft.
  await page.locator('.conversation-link', { hasText: 'Alice Durand' }).click();
  await page.getByRole('heading', { name: 'Alice Durand' }).waitFor();
  assert.equal(await composer.textContent(), '');
  await page.locator('.conversation-link', { hasText: 'David Roux' }).click();
  await composer.locator('em', { hasText: 'fini' }).waitFor();
  await composer.press('End');
  await composer.press('Enter');
  await page.locator('.message-body', { hasText: 'Pas encore fini' }).waitFor();
  await page.reload();
  await page.locator('.message-body', { hasText: 'Pas encore fini' }).waitFor();
  assert.equal(await composer.textContent(), '', 'sent, the draft is gone');
  assert.deepEqual(bruno.problems, []);
  await bruno.context.close();
});
