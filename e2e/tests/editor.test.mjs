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
