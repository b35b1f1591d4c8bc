// Two people talk live; a third on the same project never sees it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { ARTIFACTS, USERS, testWorld } from '../support.mjs';

const world = testWorld();

/** The sidebar row of the conversation whose title is exactly `title`. */
function row(page, title) {
  return page.locator('.conversation-link', { has: page.locator('.conversation-title', { hasText: new RegExp(`^${title}$`) }) });
}

test('a message reaches the other participant live, and not a third person', async () => {
  const bruno = await world.logIn(USERS.bruno);
  const david = await world.logIn(USERS.david);
  const chloe = await world.logIn(USERS.chloe);

  // The demo left David one unread message from Bruno: bold with a count.
  const davidsRow = row(david.page, 'Bruno Martin');
  await assert.doesNotReject(davidsRow.and(david.page.locator('.unread')).waitFor());
  assert.equal(await davidsRow.locator('.badge').textContent(), '1');

  // David opens it: read, no longer bold.
  await davidsRow.click();
  await david.page.waitForURL(/\/conversations\/\d+$/);
  await david.page.locator('.conversation-link.unread').waitFor({ state: 'detached' });
  await david.page.getByText('Parfait, merci. On valide en réunion de chantier.').waitFor();
  // A line marks where David had stopped reading, above Bruno's unread message.
  const line = david.page.getByRole('separator').filter({ hasText: 'New messages' });
  await line.waitFor();
  assert.match(await line.locator('xpath=following-sibling::article[1]').textContent(), /Parfait, merci/);

  // Bruno writes to David; Shift+Enter makes a second line, Enter sends.
  await row(bruno.page, 'David Roux').click();
  const composer = bruno.page.getByLabel('Write a message');
  await composer.fill('Les fourreaux arrivent demain à 8 h.');
  await composer.press('Shift+Enter');
  await composer.pressSequentially('Merci de prévoir le déchargement.');
  await composer.press('Enter');
  await assert.doesNotReject(bruno.page.locator('.message-body', { hasText: 'Les fourreaux arrivent demain' }).waitFor());
  assert.equal(await composer.textContent(), '', 'the composer is cleared once sent');

  // David sees it without reloading, both lines.
  const received = david.page.locator('article.message', { hasText: 'Les fourreaux arrivent demain à 8 h.' });
  await received.waitFor({ timeout: 5_000 });
  assert.deepEqual(await received.locator('.message-body p').allTextContents(), [
    'Les fourreaux arrivent demain à 8 h.',
    'Merci de prévoir le déchargement.',
  ]);

  // David goes back to the list; Bruno writes again: David's unread count goes up live.
  await david.page.locator('.brand').click();
  await david.page.waitForURL(`${world.server.url}/conversations`);
  await composer.fill('Et le plan indice D est en ligne.');
  await composer.press('Enter');
  await row(david.page, 'Bruno Martin').locator('.badge', { hasText: '1' }).waitFor({ timeout: 5_000 });
  assert.match(await david.page.locator('.unread-total').textContent(), /1 unread/);
  assert.match(await david.page.title(), /^\(1\) Parlons$/);

  // Chloé is on the same project. Bruno writes in a conversation she is in: she gets that
  // one live, and never anything of Bruno and David's conversation.
  await row(bruno.page, 'Chloé Bernard, Emma Petit').click();
  await composer.fill('Réunion de chantier jeudi à 9 h.');
  await composer.press('Enter');
  await row(chloe.page, 'Bruno Martin, Emma Petit').locator('.badge').waitFor({ timeout: 5_000 });
  await row(chloe.page, 'Bruno Martin, Emma Petit').click();
  await chloe.page.getByText('Réunion de chantier jeudi à 9 h.').waitFor();
  const everythingChloeSees = await chloe.page.locator('body').textContent();
  assert.ok(!everythingChloeSees.includes('fourreaux'));
  assert.ok(!everythingChloeSees.includes('plan indice D'));
  assert.equal(await row(chloe.page, 'David Roux').count(), 0);

  await bruno.page.screenshot({ path: join(ARTIFACTS, 'conversation-desktop-en.png') });
  for (const person of [bruno, david, chloe]) {
    assert.deepEqual(person.problems, [], 'no errors in the console');
    await person.context.close();
  }
});

test('star, archive, and an archived conversation comes back with a new message', async () => {
  const bruno = await world.logIn(USERS.bruno);
  const david = await world.logIn(USERS.david);
  await row(bruno.page, 'David Roux').click();
  await bruno.page.getByRole('button', { name: 'Star', exact: true }).click();
  const starred = bruno.page.locator('section[aria-label="Starred"]');
  await starred.locator('.conversation-title', { hasText: 'David Roux' }).waitFor();

  await bruno.page.getByRole('button', { name: 'Archive', exact: true }).click();
  await row(bruno.page, 'David Roux').waitFor({ state: 'detached' });
  await bruno.page.getByRole('button', { name: 'Archives', exact: true }).click();
  await row(bruno.page, 'David Roux').waitFor();
  await bruno.page.getByRole('button', { name: 'Inbox', exact: true }).click();
  await row(bruno.page, 'David Roux').waitFor({ state: 'detached' });

  await row(david.page, 'Bruno Martin').click();
  const composer = david.page.getByLabel('Write a message');
  await composer.fill('Vous êtes là ?');
  await composer.press('Enter');
  await row(bruno.page, 'David Roux').waitFor({ timeout: 5_000 });
  assert.deepEqual(bruno.problems, []);
  assert.deepEqual(david.problems, []);
  await bruno.context.close();
  await david.context.close();
});

test('read state, stars and archives follow the user on another device at once', async () => {
  const laptop = await world.logIn(USERS.bruno);
  const phone = await world.logIn(USERS.bruno, { viewport: { width: 390, height: 780 } });
  const chloe = await world.logIn(USERS.chloe);
  // Chloé writes: both of Bruno's devices show it unread.
  await row(chloe.page, 'Bruno Martin, Emma Petit').click();
  const composer = chloe.page.getByLabel('Write a message');
  await composer.fill('Tu as vu le planning ?');
  await composer.press('Enter');
  const unread = (page) => row(page, 'Chloé Bernard, Emma Petit').locator('.badge');
  await unread(laptop.page).waitFor({ timeout: 5_000 });
  await unread(phone.page).waitFor({ timeout: 5_000 });

  // Read on the laptop: no longer unread on the phone.
  await row(laptop.page, 'Chloé Bernard, Emma Petit').click();
  await laptop.page.locator('.message-body', { hasText: 'Tu as vu le planning ?' }).waitFor();
  const trio = laptop.page.url().match(/conversations\/(\d+)/)[1];
  await unread(phone.page).waitFor({ state: 'detached', timeout: 5_000 });

  // Starred on the laptop: starred on the phone.
  await laptop.page.getByRole('button', { name: 'Star', exact: true }).click();
  const starred = (page) => page.locator('section[aria-label="Starred"] .conversation-title', { hasText: 'Chloé Bernard, Emma Petit' });
  await starred(phone.page).waitFor({ timeout: 5_000 });
  // Archived on the laptop: gone from the phone's inbox, in its archives.
  await laptop.page.getByRole('button', { name: 'Archive', exact: true }).click();
  await starred(phone.page).waitFor({ state: 'detached', timeout: 5_000 });
  await phone.page.getByRole('button', { name: 'Archives', exact: true }).click();
  await row(phone.page, 'Chloé Bernard, Emma Petit').waitFor();
  // Put back as it was, for the tests that follow on this server.
  for (const mark of ['star', 'hidden']) {
    const answer = await laptop.page.request.delete(`${world.server.url}/api/v1/conversations/${trio}/${mark}`);
    assert.ok(answer.ok(), `${mark}: ${answer.status()}`);
  }
  for (const session of [laptop, phone, chloe]) {
    assert.deepEqual(session.problems, []);
    await session.context.close();
  }
});

for (const language of ['en', 'fr']) {
  test(`the conversation view works on a phone-sized screen (${language})`, async () => {
    const david = await world.logIn(USERS.david, { viewport: { width: 390, height: 780 }, language });
    await david.page.screenshot({ path: join(ARTIFACTS, `sidebar-mobile-${language}.png`) });
    // One column: the list, then the conversation with a way back.
    assert.equal(await david.page.locator('.conversation-column').isVisible(), false);
    await row(david.page, 'Bruno Martin').click();
    await david.page.getByLabel(david.labels.write).waitFor();
    assert.equal(await david.page.locator('.sidebar-column').isVisible(), false);
    await david.page.screenshot({ path: join(ARTIFACTS, `conversation-mobile-${language}.png`) });
    await david.page.getByLabel(david.labels.back).click();
    await david.page.locator('.sidebar-column').waitFor();
    assert.deepEqual(david.problems, []);
    await david.context.close();
  });
}

test('one edits and deletes one\'s own messages, and the other sees it live', async () => {
  const bruno = await world.logIn(USERS.bruno);
  const david = await world.logIn(USERS.david);
  await row(bruno.page, 'David Roux').click();
  await row(david.page, 'Bruno Martin').click();
  const composer = bruno.page.getByLabel('Write a message');
  await composer.fill('Livraison à 10 h');
  await composer.press('Enter');
  await david.page.getByText('Livraison à 10 h').waitFor();

  // Up in the empty composer edits one's last message.
  await composer.press('ArrowUp');
  const editor = bruno.page.getByLabel('Edit your message');
  await editor.fill('Livraison à 11 h');
  await editor.press('Enter');
  const edited = david.page.locator('article.message', { hasText: 'Livraison à 11 h' });
  await edited.locator('.message-edited').waitFor({ timeout: 5_000 });
  assert.equal(await david.page.getByText('Livraison à 10 h').count(), 0);

  // Someone else's message has no actions.
  const theirs = bruno.page.locator('article.message', { hasText: 'Bonjour Bruno, 2,40 m' });
  await theirs.hover();
  assert.equal(await theirs.getByRole('button', { name: 'Edit' }).count(), 0);

  await composer.fill('Message envoyé par erreur');
  await composer.press('Enter');
  const mistake = bruno.page.locator('article.message', { hasText: 'Message envoyé par erreur' });
  await mistake.hover();
  bruno.page.once('dialog', (dialog) => dialog.accept());
  await mistake.getByRole('button', { name: 'Delete' }).click();
  await david.page.getByText('Deleted by Bruno Martin at').waitFor({ timeout: 5_000 });
  assert.equal(await david.page.getByText('Message envoyé par erreur').count(), 0);
  assert.deepEqual(bruno.problems, []);
  assert.deepEqual(david.problems, []);
  await bruno.context.close();
  await david.context.close();
});

test('keyboard: Ctrl+K jumps to a conversation, Alt+Shift+Down to the next unread, news is announced', async () => {
  const chloe = await world.logIn(USERS.chloe);
  const bruno = await world.logIn(USERS.bruno);
  await chloe.page.keyboard.press('Control+k');
  const jump = chloe.page.getByRole('combobox', { name: 'Jump to a conversation' });
  await jump.fill('farid');
  await jump.press('Enter');
  await chloe.page.getByText('La charpente du préau est posée').waitFor();
  assert.equal(await chloe.page.getByRole('dialog').count(), 0, 'the switcher closed');

  // Bruno writes to Chloé elsewhere: announced, and Alt+Shift+Down goes there.
  await row(bruno.page, 'Chloé Bernard, Emma Petit').click();
  const composer = bruno.page.getByLabel('Write a message');
  await composer.fill('Point sécurité à 14 h');
  await composer.press('Enter');
  const live = chloe.page.locator('[aria-live="polite"][role="status"]');
  await live.filter({ hasText: 'New message from Bruno Martin in Bruno Martin, Emma Petit' }).waitFor({ timeout: 5_000 });
  await chloe.page.keyboard.press('Alt+Shift+ArrowDown');
  await chloe.page.getByText('Point sécurité à 14 h').waitFor();
  assert.deepEqual(chloe.problems, []);
  await chloe.context.close();
  await bruno.context.close();
});

test('threads: reply beside the conversation, the other sees the count and the reply live', async () => {
  const bruno = await world.logIn(USERS.bruno);
  const david = await world.logIn(USERS.david);
  await row(bruno.page, 'David Roux').click();
  await row(david.page, 'Bruno Martin').click();
  const root = bruno.page.locator('.message-list article.message', { hasText: 'Bonjour Bruno, 2,40 m' });
  await root.hover();
  await root.getByRole('button', { name: 'Reply' }).click();
  const panel = bruno.page.getByRole('complementary', { name: 'Thread' });
  await panel.getByText('Bonjour Bruno, 2,40 m').waitFor();
  const reply = panel.getByLabel('Reply in the thread');
  await reply.fill('Je confirme aussi pour le bâtiment B.');
  await reply.press('Enter');
  await panel.getByText('Je confirme aussi pour le bâtiment B.').waitFor();

  const count = david.page.locator('.message-list article.message', { hasText: 'Bonjour Bruno, 2,40 m' }).getByRole('button', { name: '1 reply' });
  await count.waitFor({ timeout: 5_000 });
  assert.equal(await david.page.locator('.message-list').getByText('Je confirme aussi pour le bâtiment B.').count(), 0, 'replies stay in the thread');
  await count.click();
  const davidsPanel = david.page.getByRole('complementary', { name: 'Thread' });
  await davidsPanel.getByText('Je confirme aussi pour le bâtiment B.').waitFor();
  await davidsPanel.getByLabel('Reply in the thread').press('Escape');
  await davidsPanel.waitFor({ state: 'detached' });
  assert.deepEqual(bruno.problems, []);
  assert.deepEqual(david.problems, []);
  await bruno.context.close();
  await david.context.close();
});

test('a user of two companies switches from the header and sees only that company', async () => {
  const alice = await world.logIn(USERS.alice);
  await row(alice.page, 'Bruno Martin').waitFor();
  await alice.page.getByLabel('Company', { exact: true }).selectOption({ label: 'Cabinet Moreau Expertise' });
  await alice.page.locator('.project-name', { hasText: 'Durand Construction SAS' }).waitFor();
  await row(alice.page, 'Gabrielle Lemaire').click();
  await alice.page.getByText("votre acompte d'IS est à régler").waitFor();
  assert.equal(await row(alice.page, 'Bruno Martin').count(), 0, 'nothing of the other company');
  await alice.page.reload();
  await row(alice.page, 'Gabrielle Lemaire').waitFor();
  assert.deepEqual(alice.problems, []);
  await alice.context.close();
});

test('the language can be switched from the header, and stays', async () => {
  const chloe = await world.logIn(USERS.chloe, { language: 'en' });
  await chloe.page.getByRole('heading', { name: 'Direct messages' }).waitFor();
  await chloe.page.locator('.user-menu summary', { hasText: 'Account menu' }).click();
  await chloe.page.getByLabel('Language', { exact: true }).selectOption('fr-FR');
  await chloe.page.getByRole('heading', { name: 'Messages privés' }).waitFor();
  await chloe.page.screenshot({ path: join(ARTIFACTS, 'conversations-desktop-fr.png') });
  await chloe.page.reload();
  await chloe.page.getByRole('heading', { name: 'Messages privés' }).waitFor();
  assert.equal(await chloe.page.locator('html').getAttribute('lang'), 'fr-FR');
  assert.deepEqual(chloe.problems, []);
  await chloe.context.close();
});
