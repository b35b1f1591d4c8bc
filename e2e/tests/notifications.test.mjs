// Notifications: a banner while the page is visible, a browser notification (observed as the
// page constructs it) while it is hidden, preferences that switch kinds off and on, the
// permission asked only from the person's click, and nothing for what one cannot read.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { ARTIFACTS, USERS, assertAccessible, testWorld } from '../support.mjs';

const world = testWorld();

/** Records each `Notification` the page makes, and lets the test hide the page. */
async function observe(session) {
  await session.context.addInitScript(() => {
    window.__notifications = [];
    const Real = window.Notification;
    class Recorded extends Real {
      constructor(title, options = {}) {
        super(title, options);
        window.__notifications.push({ title, body: options.body, tag: options.tag });
        window.__lastNotification = this;
      }
    }
    Object.defineProperty(window, 'Notification', { value: Recorded, configurable: true });
    Object.defineProperty(Document.prototype, 'visibilityState', {
      configurable: true,
      get() { return window.__hidden ? 'hidden' : 'visible'; },
    });
  });
  await session.context.grantPermissions(['notifications'], { origin: world.server.url });
  await session.page.reload();
  await session.page.locator('.sidebar .conversation-link').first().waitFor();
}

/** Sends a message of one paragraph per line. */
async function send(session, conversation, key, text) {
  const blocks = text.split('\n').map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] }));
  const answer = await session.page.request.post(`${world.server.url}/api/v1/conversations/${conversation}/messages`, {
    data: { idempotency_key: key, body: { blocks } },
  });
  assert.ok(answer.ok(), `${answer.status()}`);
}

/** The id of the conversation a session lists under `title`. */
async function conversationId(session, title) {
  const link = session.page.locator('.sidebar .conversation-link', { hasText: title }).first();
  return Number((await link.getAttribute('href')).match(/conversations\/(\d+)/)[1]);
}

test('a banner while the page is visible, a browser notification while it is hidden; each opens the conversation', async () => {
  const chloe = await world.logIn(USERS.chloe);
  const bruno = await world.logIn(USERS.bruno);
  const david = await world.logIn(USERS.david);
  await observe(chloe);
  const trio = await conversationId(chloe, 'Bruno Martin, Emma Petit');

  await send(bruno, trio, 'banner-1', 'Livraison décalée à jeudi.\nDétails suivent.');
  const banner = chloe.page.locator('.banner', { hasText: 'Livraison décalée à jeudi.' });
  await banner.waitFor();
  assert.equal(await banner.locator('.banner-who').textContent(), 'Bruno Martin');
  assert.equal(await banner.locator('.banner-where').textContent(), 'Bruno Martin, Emma Petit');
  assert.equal(await banner.locator('.banner-text').textContent(), 'Livraison décalée à jeudi.');
  await chloe.page.screenshot({ path: join(ARTIFACTS, 'notification-banner-en.png') });
  await assertAccessible(chloe.page, 'a banner');
  assert.deepEqual(await chloe.page.evaluate(() => window.__notifications), [], 'visible: no browser notification');
  // Nobody is told of what they cannot read: David is not in that conversation.
  assert.equal(await david.page.locator('.banner').count(), 0);
  await banner.locator('.banner-open').click();
  await chloe.page.waitForURL(new RegExp(`/conversations/${trio}$`));
  await banner.waitFor({ state: 'detached' });

  // Open and visible: nothing to tell.
  await send(bruno, trio, 'banner-2', 'Tu le vois déjà.');
  await chloe.page.locator('.message-body', { hasText: 'Tu le vois déjà.' }).waitFor();
  assert.equal(await chloe.page.locator('.banner').count(), 0);

  // Hidden (another tab): one browser notification per message, tagged by conversation.
  await chloe.page.goto(`${world.server.url}/conversations`);
  await chloe.page.locator('.sidebar .conversation-link').first().waitFor();
  await chloe.page.evaluate(() => { window.__hidden = true; });
  await send(bruno, trio, 'hidden-1', 'Tu es là ?');
  await chloe.page.waitForFunction(() => window.__notifications.length === 1);
  const [shown] = await chloe.page.evaluate(() => window.__notifications);
  assert.deepEqual(shown, { title: 'Bruno Martin · Bruno Martin, Emma Petit', body: 'Tu es là ?', tag: `parlons-conversation-${trio}` });
  assert.equal(await chloe.page.locator('.banner').count(), 0, 'no banner on a hidden page');
  await chloe.page.evaluate(() => { window.__hidden = false; window.__lastNotification.onclick(); });
  await chloe.page.waitForURL(new RegExp(`/conversations/${trio}$`));
  await chloe.page.locator('.message-body', { hasText: 'Tu es là ?' }).waitFor();

  for (const session of [chloe, bruno, david]) {
    assert.deepEqual(session.problems, []);
    await session.context.close();
  }
});

test('preferences switch a kind off and on; the example; the permission asked from a click', async () => {
  const chloe = await world.logIn(USERS.chloe);
  const bruno = await world.logIn(USERS.bruno);
  const trio = await conversationId(chloe, 'Bruno Martin, Emma Petit');
  await chloe.page.locator('.user-menu summary').click();
  await chloe.page.getByRole('button', { name: 'Notifications', exact: true }).click();
  const dialog = chloe.page.getByRole('dialog', { name: 'Notifications' });
  await dialog.getByRole('button', { name: 'Turn on desktop notifications' }).waitFor();
  await assertAccessible(chloe.page, 'the notification settings');
  await chloe.page.screenshot({ path: join(ARTIFACTS, 'notification-settings-en.png') });

  // Only mentions: a direct message no longer notifies.
  await dialog.getByRole('radio', { name: 'Only…' }).check();
  await dialog.getByText('Saved.').waitFor();
  await dialog.getByRole('checkbox', { name: 'Direct messages' }).uncheck();
  await dialog.getByText('Saved.').waitFor();
  const saved = await (await chloe.page.request.get(`${world.server.url}/api/v1/me/notifications`)).json();
  assert.equal(saved.everything, false);
  assert.equal(saved.direct_messages, false);
  assert.equal(saved.mentions, true);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await send(bruno, trio, 'pref-1', 'Sans notification.');
  await chloe.page.locator('.sidebar .conversation-link', { hasText: 'Bruno Martin, Emma Petit' }).locator('.badge').waitFor();
  await chloe.page.waitForTimeout(500);
  assert.equal(await chloe.page.locator('.banner').count(), 0, 'switched off');

  // Every new message again: it notifies.
  await chloe.page.locator('.user-menu summary').click();
  await chloe.page.getByRole('button', { name: 'Notifications', exact: true }).click();
  await dialog.getByRole('radio', { name: 'Every new message' }).check();
  await dialog.getByText('Saved.').waitFor();
  await send(bruno, trio, 'pref-2', 'Avec notification.');
  await chloe.page.locator('.banner', { hasText: 'Avec notification.' }).waitFor();

  // The example shows what a notification looks like.
  await dialog.getByRole('button', { name: 'Show an example notification' }).click();
  await chloe.page.locator('.banner', { hasText: 'This is how a new message is announced.' }).waitFor();

  // The permission is asked only now, from the person's click.
  await chloe.context.grantPermissions(['notifications'], { origin: world.server.url });
  await dialog.getByRole('button', { name: 'Turn on desktop notifications' }).click();
  await dialog.getByText('Desktop notifications are on.').waitFor();
  assert.deepEqual(chloe.problems, []);
  await chloe.context.close();
  await bruno.context.close();
});

test('on a phone, in French: the settings and a banner', async () => {
  const chloe = await world.logIn(USERS.chloe, { viewport: { width: 390, height: 844 }, language: 'fr' });
  const bruno = await world.logIn(USERS.bruno);
  const trio = await conversationId(chloe, 'Bruno Martin, Emma Petit');
  await send(bruno, trio, 'phone-1', 'Le béton arrive à 7 h.');
  await chloe.page.locator('.banner', { hasText: 'Le béton arrive à 7 h.' }).waitFor();
  await assertAccessible(chloe.page, 'a banner on a phone');
  await chloe.page.screenshot({ path: join(ARTIFACTS, 'notification-banner-phone-fr.png') });
  await chloe.page.locator('.user-menu summary').click();
  await chloe.page.getByRole('button', { name: 'Notifications', exact: true }).click();
  const dialog = chloe.page.getByRole('dialog', { name: 'Notifications' });
  await dialog.getByRole('button', { name: 'Activer les notifications du bureau' }).waitFor();
  await dialog.getByRole('radio', { name: 'Tous les nouveaux messages' }).waitFor();
  await chloe.page.screenshot({ path: join(ARTIFACTS, 'notification-settings-phone-fr.png') });
  await assertAccessible(chloe.page, 'the notification settings on a phone');
  assert.deepEqual(chloe.problems, []);
  await chloe.context.close();
  await bruno.context.close();
});

test('the banner and the settings on a desktop in French and a phone in English', async () => {
  const bruno = await world.logIn(USERS.bruno);
  for (const [language, viewport, label, settings] of [
    ['fr', { width: 1280, height: 800 }, 'desktop-fr', 'Notifications'],
    ['en', { width: 390, height: 844 }, 'phone-en', 'Notifications'],
  ]) {
    const emma = await world.logIn(USERS.emma, { viewport, language });
    const trio = await conversationId(emma, 'Bruno Martin, Chloé Bernard');
    await send(bruno, trio, `shots-${label}`, `Câblage du R+1 terminé (${label}).`);
    await emma.page.locator('.banner', { hasText: `(${label})` }).waitFor();
    await emma.page.screenshot({ path: join(ARTIFACTS, `notification-banner-${label}.png`) });
    await emma.page.locator('.user-menu summary').click();
    await emma.page.getByRole('button', { name: settings, exact: true }).click();
    await emma.page.getByRole('dialog', { name: settings }).locator('input[type=radio]').first().waitFor();
    await assertAccessible(emma.page, `the notification settings (${label})`);
    await emma.page.screenshot({ path: join(ARTIFACTS, `notification-settings-${label}.png`) });
    assert.deepEqual(emma.problems, []);
    await emma.context.close();
  }
  await bruno.context.close();
});
