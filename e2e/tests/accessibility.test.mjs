// Every screen, checked with axe-core against WCAG 2.1 AA as a new user meets it: no serious
// or critical violation on the login page, the sidebar, a conversation, a thread, the search,
// the dialogs and "+ Créer", on a desktop in English and on a phone in French.

import { test } from 'node:test';

import { LABELS, USERS, assertAccessible, testWorld } from '../support.mjs';

const world = testWorld();

/** The login page, checked, then logged in. */
async function logInChecked(user, options) {
  const context = await world.browser.newContext({
    viewport: options.viewport,
    locale: options.language === 'fr' ? 'fr-FR' : 'en-GB',
  });
  const page = await context.newPage();
  const labels = LABELS[options.language];
  await page.goto(`${world.server.url}/conversations`);
  await page.getByLabel(labels.email).waitFor();
  await assertAccessible(page, `the login page (${options.language})`);
  await page.getByLabel(labels.email).fill(user.email);
  await page.getByLabel(labels.password).fill('parlons-demo');
  await page.getByRole('button', { name: labels.logIn }).click();
  await page.locator('.sidebar .conversation-link').first().waitFor();
  return { context, page };
}

test('every desktop screen, in English', async () => {
  // Alice, the admin, lets employees manage groups, so that Chloé sees the members dialog.
  const admin = await world.browser.newContext();
  await admin.request.post(`${world.server.url}/api/v1/session`, { data: { email: USERS.alice.email, password: 'parlons-demo' } });
  const settingsUrl = `${world.server.url}/api/v1/admin/settings`;
  const settings = await (await admin.request.get(settingsUrl)).json();
  await admin.request.put(settingsUrl, { data: { ...settings, group_managers: 'internal' } });
  await admin.close();

  const { context, page } = await logInChecked(USERS.chloe, { viewport: { width: 1280, height: 800 }, language: 'en' });
  await assertAccessible(page, 'the sidebar');

  await page.locator('.conversation-link', { hasText: 'Équipe préau' }).click();
  await page.locator('article.message').first().waitFor();
  await assertAccessible(page, 'a conversation');

  await page.locator('article.message').first().hover();
  await page.locator('article.message').first().getByRole('button', { name: 'Reply' }).click();
  await page.locator('.thread-panel').waitFor();
  await assertAccessible(page, 'a thread');
  await page.locator('.thread-panel').getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Members' }).click();
  await page.getByRole('dialog').waitFor();
  await assertAccessible(page, 'the members dialog');
  await page.keyboard.press('Escape');

  await page.keyboard.press('Control+k');
  await page.getByRole('dialog').waitFor();
  await assertAccessible(page, 'the quick switcher');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Search messages' }).click();
  const box = page.getByRole('searchbox', { name: 'Search messages' });
  await box.fill('préau');
  await box.press('Enter');
  await page.locator('.search-result').first().waitFor();
  await assertAccessible(page, 'the search and its results');
  await page.getByRole('button', { name: 'Close the search' }).click();

  await page.locator('.user-menu summary').click();
  await assertAccessible(page, 'the account menu');
  await page.locator('.user-menu summary').click();

  await page.getByRole('link', { name: '+ Create' }).click();
  await page.getByRole('dialog').waitFor();
  await assertAccessible(page, '"+ Create"');
  await context.close();
});

test('every phone screen, in French', async () => {
  const { context, page } = await logInChecked(USERS.bruno, { viewport: { width: 390, height: 844 }, language: 'fr' });
  await assertAccessible(page, 'the sidebar on a phone');
  await page.locator('.conversation-link').first().click();
  await page.locator('article.message').first().waitFor();
  await assertAccessible(page, 'a conversation on a phone');
  await page.getByRole('link', { name: 'Retour aux conversations' }).click();
  await page.getByRole('button', { name: 'Rechercher dans les messages' }).click();
  await assertAccessible(page, 'the search on a phone');
  await context.close();
});
