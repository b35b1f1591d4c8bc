// Searching messages: only what one may read is found, and a result opens its conversation at
// the message, highlighted, even deep in a long history.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { ARTIFACTS, USERS, testWorld } from '../support.mjs';

const world = testWorld();

/** Opens the search panel and searches for `words`. */
async function search(page, words, { button = 'Search messages', box = 'Search messages' } = {}) {
  await page.getByRole('button', { name: button }).click();
  const input = page.getByRole('searchbox', { name: box });
  await input.fill(words);
  await input.press('Enter');
}

test('search finds a readable message and not an unreadable one, and opens it highlighted', async () => {
  const bruno = await world.logIn(USERS.bruno);
  const david = await world.logIn(USERS.david);

  // The company-wide planning conversation: Bruno reads it, David (a subcontractor) may not.
  await search(bruno.page, 'livraisons batiment');
  const result = bruno.page.locator('.search-result');
  await result.first().waitFor();
  assert.equal(await result.count(), 1);
  assert.match(await result.textContent(), /Planning des livraisons/);
  assert.deepEqual(await result.locator('mark').allTextContents(), ['livraisons', 'bâtiment']);
  await bruno.page.screenshot({ path: join(ARTIFACTS, 'search-desktop-en.png') });

  await search(david.page, 'livraisons batiment');
  await david.page.getByRole('status').filter({ hasText: 'No message matches.' }).waitFor();
  assert.equal(await david.page.locator('.search-result').count(), 0);

  // A filter narrows at once: the same words from someone else find nothing.
  await bruno.page.getByLabel('Author').selectOption({ label: 'Chloé Bernard' });
  await bruno.page.getByRole('status').filter({ hasText: 'No message matches.' }).waitFor();
  await bruno.page.getByLabel('Author').selectOption({ label: 'Bruno Martin' });
  await result.first().waitFor();

  // The result opens the conversation at the message, highlighted; the search closes.
  await result.click();
  await bruno.page.waitForURL(/\/conversations\/\d+\/messages\/\d+$/);
  const focused = bruno.page.locator('article.message.focused');
  await focused.waitFor();
  assert.match(await focused.textContent(), /Grue mobile réservée mardi/);
  assert.equal(await bruno.page.locator('.search-panel').count(), 0);
  assert.deepEqual(bruno.problems, []);
  assert.deepEqual(david.problems, []);
  await bruno.context.close();
  await david.context.close();
});

test('a result deep in a long conversation opens there, and newer messages follow as one scrolls', async () => {
  const chloe = await world.logIn(USERS.chloe);
  // A conversation of 300 messages, the 20th holding a rare word.
  const conversations = await (await chloe.page.request.get(`${world.server.url}/api/v1/conversations`)).json();
  const withFarid = conversations.find((c) => c.kind === 'direct' && c.participants.some((p) => p.name === 'Farid Haddad') && c.participants.length === 2);
  assert.ok(withFarid, 'the demo has a direct conversation between Chloé and Farid');
  for (let n = 1; n <= 300; n += 1) {
    const text = n === 20 ? 'Le zircon du carrelage est commandé.' : `Point ${n} du chantier`;
    const answer = await chloe.page.request.post(`${world.server.url}/api/v1/conversations/${withFarid.id}/messages`, {
      data: { idempotency_key: `search-${n}`, body: { blocks: [{ type: 'paragraph', content: [{ type: 'text', text }] }] } },
    });
    assert.equal(answer.status(), 201);
  }

  await search(chloe.page, 'zircon');
  await chloe.page.locator('.search-result').first().click();
  const focused = chloe.page.locator('article.message.focused');
  await focused.waitFor();
  assert.match(await focused.textContent(), /Le zircon du carrelage/);
  const list = chloe.page.locator('.message-list');
  const [listBox, rowBox] = [await list.boundingBox(), await focused.boundingBox()];
  assert.ok(rowBox.y >= listBox.y && rowBox.y + rowBox.height <= listBox.y + listBox.height, 'the message is in view');
  // Only the messages around it were loaded, not the newest.
  assert.equal(await chloe.page.getByText('Point 300 du chantier').count(), 0);
  await chloe.page.screenshot({ path: join(ARTIFACTS, 'search-result-opened-en.png') });

  // Scrolling down brings the newer messages page by page, up to the newest, each once.
  const newest = chloe.page.getByText('Point 300 du chantier');
  for (let i = 0; i < 300 && (await newest.count()) === 0; i += 1) {
    await list.evaluate((el) => el.scrollBy(0, el.clientHeight));
    await chloe.page.waitForTimeout(100);
  }
  await newest.waitFor({ timeout: 1_000 });
  assert.equal(await chloe.page.getByText('Point 299 du chantier', { exact: true }).count(), 1);
  assert.ok((await chloe.page.locator('article.message').count()) <= 80, 'still a window of rows');

  // The same result again (the address has not changed): back at the message.
  await search(chloe.page, 'zircon');
  await chloe.page.locator('.search-result').first().click();
  await focused.waitFor();
  await chloe.page.waitForFunction(() => {
    const list = document.querySelector('.message-list').getBoundingClientRect();
    const row = document.querySelector('article.message.focused')?.getBoundingClientRect();
    return row && row.top >= list.top && row.bottom <= list.bottom;
  });
  // "Jump to latest" brings the newest at once.
  await chloe.page.getByRole('button', { name: /Jump to latest/ }).click();
  await chloe.page.getByText('Point 300 du chantier').waitFor();
  await chloe.page.waitForURL(/\/conversations\/\d+$/);
  assert.deepEqual(chloe.problems, []);
  await chloe.context.close();
});

test('search on a phone, in French', async () => {
  const bruno = await world.logIn(USERS.bruno, { viewport: { width: 390, height: 844 }, language: 'fr' });
  await search(bruno.page, 'livraisons', { button: 'Rechercher dans les messages', box: 'Rechercher dans les messages' });
  await bruno.page.locator('.search-result').first().waitFor();
  // Every word of the panel is French.
  const filters = await bruno.page.locator('.search-filters').innerText();
  for (const word of ['Période', 'Toutes dates', 'Auteur', 'Tout le monde', 'Projet', 'Tous les projets', 'Type', 'Tous les types']) {
    assert.ok(filters.includes(word), `${word} in ${filters}`);
  }
  assert.equal(await bruno.page.getByRole('button', { name: 'Rechercher', exact: true }).count(), 1);
  await bruno.page.screenshot({ path: join(ARTIFACTS, 'search-mobile-fr.png') });
  await bruno.page.getByRole('button', { name: 'Fermer la recherche' }).click();
  await bruno.page.locator('.sidebar').waitFor();
  assert.deepEqual(bruno.problems, []);
  await bruno.context.close();
});
