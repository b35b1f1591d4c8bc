// The admin pages, as a company admin uses them: settings that reach every open app at once,
// a project picker, the integration token shown once, an export between two dates that holds
// a known message, the audit log; and nothing for anyone else. Screenshots of every page,
// desktop and phone, French and English.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ARTIFACTS, USERS, assertAccessible, testWorld } from '../support.mjs';

const world = testWorld();

const conversationNamed = (page, title) =>
  page.locator('.conversation-link', { has: page.locator('.conversation-title', { hasText: new RegExp(`^${title}$`) }) });

/** `fetch` from the page, with its cookies: the status the server answers. */
const statusOf = (page, method, path, body) =>
  page.evaluate(async ([method, path, body]) => {
    const init = { method, headers: { 'Content-Type': 'application/json' } };
    if (body !== undefined) init.body = JSON.stringify(body);
    return (await fetch(path, init)).status;
  }, [method, path, body]);

test('someone who is not a company admin gets nothing at /admin, and the server refuses them', async () => {
  const bruno = await world.logIn(USERS.bruno);
  await bruno.page.locator('.user-menu summary').click();
  await bruno.page.getByRole('button', { name: 'Log out' }).waitFor();
  assert.equal(await bruno.page.getByRole('link', { name: 'Administration' }).count(), 0, 'not offered');
  await bruno.page.goto(`${world.server.url}/admin`);
  await bruno.page.getByRole('heading', { name: 'This page does not exist.' }).waitFor();
  assert.equal(await bruno.page.locator('.admin-nav').count(), 0);
  assert.equal(await statusOf(bruno.page, 'GET', '/api/v1/admin/settings'), 403);
  assert.equal(await statusOf(bruno.page, 'GET', '/api/v1/admin/audit-log'), 403);
  assert.equal(await statusOf(bruno.page, 'POST', '/api/v1/admin/integration-token'), 403);
  assert.equal(await statusOf(bruno.page, 'GET', '/api/v1/admin/export?from=0&to=1'), 403);
  assert.deepEqual(bruno.problems.filter((p) => !p.includes('403')), []);
  await bruno.context.close();
});

test('direct messages off reaches an open app at once, and back on; projects are selected', async () => {
  const bruno = await world.logIn(USERS.bruno);
  const alice = await world.logIn(USERS.alice);
  const { page } = alice;
  await page.locator('.user-menu summary').click();
  await page.getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('heading', { name: 'Conversations settings' }).waitFor();
  await assertAccessible(page, 'the admin settings');

  const withDavid = conversationNamed(bruno.page, 'David Roux');
  await withDavid.waitFor();
  const direct = page.getByRole('group', { name: 'Direct messages' });
  await direct.getByLabel('Off').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
  await withDavid.waitFor({ state: 'detached' });

  await direct.getByLabel('Everyone may start them').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
  await withDavid.waitFor();

  // Selected projects: found by name in the picker.
  const projects = page.getByRole('group', { name: 'On which projects' });
  await projects.getByLabel('Selected projects only').check();
  await projects.getByLabel('Find a project').fill('tilleul');
  const choices = projects.locator('.project-choices .choice');
  assert.equal(await choices.count(), 1, 'the search narrows the list (accents and case aside)');
  const chosen = (await choices.textContent()).trim();
  await choices.locator('input').check();
  await page.getByText('1 selected').waitFor();
  // "Settings saved" still shows from the save before: wait for this save's answer.
  const savedSelection = page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/settings') && r.request().method() === 'PUT');
  await page.getByRole('button', { name: 'Save' }).click();
  await savedSelection;
  const saved = await page.evaluate(async () => (await fetch('/api/v1/admin/settings')).json());
  assert.equal(saved.all_projects, false);
  assert.equal(saved.selected_projects.length, 1);
  const names = await page.evaluate(async () => (await fetch('/api/v1/projects')).json());
  assert.match(chosen, new RegExp(names.find((p) => p.id === saved.selected_projects[0]).name));

  // A widget origin that is not one is refused, said in the user's words, and nothing is lost.
  const origins = page.getByRole('textbox', { name: 'Sites that may embed the item panel' });
  await origins.fill('https://tools.example.com\ntools.example.com/rfi');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('alert').filter({ hasText: '“tools.example.com/rfi” is not a site address' }).waitFor();
  assert.equal(await origins.inputValue(), 'https://tools.example.com\ntools.example.com/rfi');
  await origins.fill('https://Tools.example.com/');
  await projects.getByLabel('All current and future projects').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
  assert.equal(await origins.inputValue(), 'https://tools.example.com', 'as the server kept it');

  assert.deepEqual(alice.problems.filter((p) => !p.includes('422')), []);
  assert.deepEqual(bruno.problems, []);
  await bruno.context.close();
  await alice.context.close();
});

test('what an admin allows or forbids reaches an open app at once, without reloading it', async () => {
  const bruno = await world.logIn(USERS.bruno);
  const alice = await world.logIn(USERS.alice);
  // Bruno has just written to David: he may edit it; he is writing the next one.
  await conversationNamed(bruno.page, 'David Roux').click();
  const composer = bruno.page.getByLabel('Write a message');
  await composer.fill('Réunion de chantier jeudi');
  await composer.press('Enter');
  const mine = bruno.page.locator('article.message', { hasText: 'Réunion de chantier jeudi' });
  await mine.hover();
  await mine.getByRole('button', { name: 'Edit' }).waitFor();
  await composer.fill('Un brouillon en cours');
  await bruno.page.evaluate(() => { window.stillTheSamePage = true; });

  const { page } = alice;
  await page.goto(`${world.server.url}/admin`);
  await page.getByRole('heading', { name: 'Conversations settings' }).waitFor();
  const editing = page.getByLabel('Authors may edit and delete within 5 minutes');
  const groups = page.getByRole('group', { name: 'Groups', exact: true });
  const save = async () => {
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/settings') && r.request().method() === 'PUT');
    await page.getByRole('button', { name: 'Save' }).click();
    assert.equal((await saved).status(), 200);
  };
  await editing.uncheck();
  await groups.getByLabel("Everyone in the project's Directory").check();
  await save();

  // Bruno's app follows: no more editing, and he may now start groups.
  await mine.hover();
  await mine.getByRole('button', { name: 'Edit' }).waitFor({ state: 'detached' });
  assert.equal((await composer.innerText()).trim(), 'Un brouillon en cours', 'the composer kept its text');
  await bruno.page.getByRole('link', { name: '+ Create' }).click();
  const dialog = bruno.page.getByRole('dialog', { name: '+ Create' });
  const newGroup = dialog.getByRole('link', { name: 'New group' });
  await newGroup.waitFor();

  // And back: the tab goes while the dialog is open.
  await editing.check();
  await groups.getByLabel('Company admins').check();
  await save();
  await newGroup.waitFor({ state: 'detached' });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await conversationNamed(bruno.page, 'David Roux').click();
  await mine.hover();
  await mine.getByRole('button', { name: 'Edit' }).waitFor();
  assert.equal(await bruno.page.evaluate(() => window.stillTheSamePage), true, 'never reloaded');

  assert.deepEqual(alice.problems, []);
  assert.deepEqual(bruno.problems, []);
  await bruno.context.close();
  await alice.context.close();
});

test('a new integration token is shown once and the old one stops working', async () => {
  const alice = await world.logIn(USERS.alice);
  const { page } = alice;
  await page.goto(`${world.server.url}/admin/token`);
  const rotate = async () => {
    await page.getByRole('button', { name: 'Create a new token' }).click();
    // The token shown before stays until this one's answer: wait for it.
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/integration-token'));
    await page.getByRole('button', { name: 'Yes, replace the current token' }).click();
    const { token } = await (await answered).json();
    const field = page.getByLabel('New token');
    await page.waitForFunction((token) => document.querySelector('#new-token')?.value === token, token);
    return field.inputValue();
  };
  const first = await rotate();
  assert.match(first, /^\S{20,}$/);
  await assertAccessible(page, 'the integration token');
  const upsert = (token) => page.evaluate(async (token) => (await fetch('/api/v1/integration/projects/e2e-token', {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Token check', number: null }),
  })).status, token);
  assert.ok([200, 201].includes(await upsert(first)), 'the new token works');
  const second = await rotate();
  assert.notEqual(second, first);
  assert.equal(await upsert(first), 401, 'the old one stops working');
  assert.ok([200, 201].includes(await upsert(second)));
  await page.reload();
  await page.getByRole('button', { name: 'Create a new token' }).waitFor();
  assert.equal(await page.getByLabel('New token').count(), 0, 'shown once');
  await alice.context.close();
});

test('an export between two dates holds a known message, and the audit log shows it', async () => {
  const bruno = await world.logIn(USERS.bruno);
  await conversationNamed(bruno.page, 'David Roux').click();
  const known = `Relevé des compteurs ${Date.now()}`;
  const composer = bruno.page.getByLabel(bruno.labels.write);
  await composer.fill(known);
  await composer.press('Enter');
  await bruno.page.locator('article', { hasText: known }).waitFor();

  const alice = await world.logIn(USERS.alice);
  const { page } = alice;
  await page.goto(`${world.server.url}/admin/export`);
  const today = new Date();
  const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  await page.getByLabel('From').fill(day);
  await page.getByLabel('To (included)').fill(day);
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download the export' }).click();
  const download = await downloading;
  assert.match(download.suggestedFilename(), /^parlons-export-\d+-\d+\.json$/);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  const texts = exported.conversations.flatMap((c) => c.messages.map((m) => JSON.stringify(m.body)));
  assert.ok(texts.some((t) => t.includes(known)), 'the known message is in the export');
  assert.ok(exported.conversations.every((c) => c.messages.length > 0));
  await page.getByRole('status').filter({ hasText: 'the export is in the audit log' }).waitFor();

  // A backwards period is said, and offers no download.
  await page.getByLabel('From').fill('2026-12-05');
  await page.getByLabel('To (included)').fill('2026-12-04');
  await page.getByRole('alert').filter({ hasText: 'The first day must not come after the last.' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Download the export' }).count(), 0);

  await page.getByRole('link', { name: 'Audit log' }).click();
  const rows = page.locator('.audit-table tbody tr');
  await rows.first().waitFor();
  assert.match(await rows.first().textContent(), /Alice Durand.*Exported the conversations from/);
  await page.getByLabel('Show').selectOption({ label: 'Settings changes' });
  await page.locator('.audit-table tbody tr', { hasText: 'Changed the Conversations settings' }).first().waitFor();
  assert.equal(await rows.filter({ hasText: 'Exported' }).count(), 0, 'only what the filter asks for');
  await assertAccessible(page, 'the audit log');
  assert.deepEqual(alice.problems, []);
  await alice.context.close();
  await bruno.context.close();
});

test('screenshots of every admin page, desktop and phone, French and English', async () => {
  const sections = ['', '/token', '/export', '/audit-log'];
  for (const language of ['en', 'fr']) {
    const alice = await world.logIn(USERS.alice, { language });
    for (const [device, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
      await alice.page.setViewportSize(viewport);
      for (const section of sections) {
        await alice.page.goto(`${world.server.url}/admin${section}`);
        await alice.page.locator('.admin-card h1').waitFor();
        await alice.page.locator('[aria-busy="true"]').waitFor({ state: 'detached' });
        const name = `admin-${section.slice(1) || 'settings'}-${device}-${language}.png`;
        await alice.page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
      }
    }
    const heading = await alice.page.locator('.admin-card h1').textContent();
    assert.equal(heading, language === 'fr' ? "Journal d'audit" : 'Audit log');
    assert.deepEqual(alice.problems, []);
    await alice.context.close();
  }
});
