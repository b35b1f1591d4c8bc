// "+ Create": each card makes a conversation that exactly the right people see appear live
// (the favourites rules of PRODUCT.md section 2, shown before sending), a direct message
// found again, a group, refusals at their field in the user's language, a draft that survives
// a reload. The pickers and cards are checked with axe and photographed.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { ARTIFACTS, USERS, assertAccessible, testWorld } from '../support.mjs';

const world = testWorld();

/** The conversations a user's session lists, by title (API, as the sidebar gets them). */
async function listed(session) {
  const answer = await session.page.request.get(`${world.server.url}/api/v1/conversations`);
  assert.equal(answer.status(), 200);
  return (await answer.json()).map((c) => c.subject);
}

function row(page, title) {
  return page.locator('.sidebar .conversation-link', { hasText: title });
}

async function openCreate(page) {
  await page.getByRole('link', { name: '+ Create' }).click();
  const dialog = page.getByRole('dialog', { name: '+ Create' });
  await dialog.waitFor();
  return dialog;
}

/** The readers the dialog announces once it shows `count`, external ones marked "(ext)". */
async function readers(dialog, count) {
  const preview = dialog.getByRole('region', { name: 'Who will be able to read it' });
  await preview.locator('.readers-count', { hasText: count }).waitFor();
  return preview.locator('.readers li').evaluateAll((items) => items.map((li) =>
    li.querySelector('.reader-name').textContent + (li.querySelector('.external-tag') ? ' (ext)' : '')));
}

test('Company: the people it reaches are shown first, then see it live; Enter is a new line, Ctrl+Enter sends', async () => {
  const chloe = await world.logIn(USERS.chloe);
  const bruno = await world.logIn(USERS.bruno);
  const emma = await world.logIn(USERS.emma);
  const farid = await world.logIn(USERS.farid);

  const dialog = await openCreate(chloe.page);
  await chloe.page.waitForURL(/\/new$/);
  const company = dialog.getByRole('radio', { name: /^Company/ });
  assert.equal(await company.isChecked(), true, 'Company is the default card');
  assert.equal(await dialog.getByRole('radio', { name: /^Confidential/ }).isChecked(), false);
  await dialog.getByText('Only the participants: 100 people at most, you included.').waitFor();

  // The project, found by its number.
  await dialog.getByRole('searchbox', { name: 'Find a project (name or number)' }).fill('2025');
  assert.equal(await dialog.getByRole('radio', { name: /Résidence Les Tilleuls/ }).count(), 0);
  await dialog.getByRole('radio', { name: /École Jules-Ferry/ }).check();
  // Emma, an external participant: Farid favourites the project but is external, and no
  // external favouriter takes part, so he will not read it.
  await dialog.getByRole('searchbox', { name: 'Find people' }).fill('emm');
  await dialog.getByRole('checkbox', { name: /Emma Petit/ }).check();
  assert.deepEqual(await readers(dialog, '3 people'), ['Bruno Martin', 'Chloé Bernard', 'Emma Petit (ext)']);
  await assertAccessible(chloe.page, 'the Company card with its pickers');

  await dialog.getByLabel('Subject').fill('Livraison des menuiseries');
  const message = dialog.getByLabel('Write the message');
  await message.click();
  await chloe.page.keyboard.type('Bonjour à tous, ');
  // Whom one may mention is who will read it (the server's preview); choosing adds a space.
  await chloe.page.keyboard.type('@bru');
  await dialog.getByRole('option', { name: /Bruno Martin/ }).waitFor();
  assert.equal(await dialog.getByRole('option', { name: /Farid Haddad/ }).count(), 0);
  await chloe.page.keyboard.press('Enter');
  await chloe.page.keyboard.press('Enter');
  await chloe.page.keyboard.type('livraison ');
  await chloe.page.keyboard.press('Control+b');
  await chloe.page.keyboard.type('jeudi 8 h');
  await chloe.page.keyboard.press('Control+b');
  assert.match(chloe.page.url(), /\/new$/, 'Enter made a new line, it did not send');
  await chloe.page.screenshot({ path: join(ARTIFACTS, 'create-company-en.png') });
  await chloe.page.keyboard.press('Control+Enter');

  await chloe.page.waitForURL(/\/conversations\/\d+$/);
  const opened = chloe.page.locator('article.message', { hasText: 'jeudi 8 h' });
  await opened.waitFor();
  assert.equal(await opened.locator('strong').textContent(), 'jeudi 8 h');
  assert.deepEqual(await opened.locator('p').allTextContents(), ['Bonjour à tous, @Bruno Martin ', 'livraison jeudi 8 h']);
  await row(chloe.page, 'Livraison des menuiseries').waitFor();
  await row(bruno.page, 'Livraison des menuiseries').locator('.badge.mention').waitFor({ timeout: 5_000 });
  await row(emma.page, 'Livraison des menuiseries').waitFor({ timeout: 5_000 });
  assert.ok(!(await listed(farid)).includes('Livraison des menuiseries'), 'Farid does not read it');
  assert.equal(await row(farid.page, 'Livraison des menuiseries').count(), 0);

  for (const session of [chloe, bruno, emma, farid]) {
    assert.deepEqual(session.problems, []);
    await session.context.close();
  }
});

test('Confidential: no external person but the participants; Private: only the participants', async () => {
  const chloe = await world.logIn(USERS.chloe);
  const bruno = await world.logIn(USERS.bruno);
  const farid = await world.logIn(USERS.farid);
  const david = await world.logIn(USERS.david);

  let dialog = await openCreate(chloe.page);
  await dialog.getByRole('radio', { name: /^Confidential/ }).check();
  await chloe.page.waitForURL(/\/new\/confidential$/);
  await dialog.getByRole('radio', { name: /École Jules-Ferry/ }).check();
  assert.deepEqual(await readers(dialog, '2 people'), ['Bruno Martin', 'Chloé Bernard']);
  await dialog.getByLabel('Subject').fill('Pénalités de retard');
  await dialog.getByLabel('Write the message').click();
  await chloe.page.keyboard.type('Entre nous : le lot charpente a deux semaines de retard.');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await chloe.page.waitForURL(/\/conversations\/\d+$/);
  await row(bruno.page, 'Pénalités de retard').waitFor({ timeout: 5_000 });
  assert.ok(!(await listed(farid)).includes('Pénalités de retard'), 'the external favouriter is not told');

  // Private, without a project: the company's people, and only them read it.
  dialog = await openCreate(bruno.page);
  await dialog.getByRole('radio', { name: /^Private/ }).check();
  await bruno.page.waitForURL(/\/new\/private$/);
  await dialog.getByRole('radio', { name: 'No project: the people of the company' }).check();
  await dialog.getByRole('checkbox', { name: /David Roux/ }).check();
  await dialog.locator('.chips').getByText('David Roux').waitFor();
  assert.deepEqual(await readers(dialog, '2 people'), ['Bruno Martin', 'David Roux (ext)']);
  await dialog.getByLabel('Subject').fill('Votre devis');
  await dialog.getByLabel('Write the message').click();
  await bruno.page.keyboard.type('David, pouvez-vous revoir le devis ?');
  await bruno.page.keyboard.press('Control+Enter');
  await bruno.page.waitForURL(/\/conversations\/\d+$/);
  await row(david.page, 'Votre devis').waitFor({ timeout: 5_000 });
  assert.ok(!(await listed(chloe)).includes('Votre devis'));

  for (const session of [chloe, bruno, farid, david]) {
    assert.deepEqual(session.problems, []);
    await session.context.close();
  }
});

test('Start a direct message from the sidebar: Enter sends, and the same people find it again', async () => {
  const bruno = await world.logIn(USERS.bruno);
  const chloe = await world.logIn(USERS.chloe);
  await bruno.page.getByRole('link', { name: 'Start a direct message' }).click();
  await bruno.page.waitForURL(/\/new\/message$/);
  const dialog = bruno.page.getByRole('dialog', { name: '+ Create' });
  await dialog.getByRole('radio', { name: /Résidence Les Tilleuls/ }).check();
  await dialog.getByRole('checkbox', { name: /Chloé Bernard/ }).check();
  await assertAccessible(bruno.page, 'Start a direct message');
  await dialog.getByLabel('Write the message').click();
  await bruno.page.keyboard.type('Chloé, tu as deux minutes ?');
  await bruno.page.keyboard.press('Enter');
  await bruno.page.waitForURL(/\/conversations\/\d+$/);
  const first = bruno.page.url();
  await bruno.page.locator('article.message', { hasText: 'tu as deux minutes' }).waitFor();
  await chloe.page.locator('.conversation-link .badge').first().waitFor({ timeout: 5_000 });
  await chloe.page.locator('.conversation-link', { hasText: 'Bruno Martin' }).first().click();
  await chloe.page.locator('article.message', { hasText: 'tu as deux minutes' }).waitFor();

  // Again with the same person in the same project: the same conversation.
  await bruno.page.goto(`${world.server.url}/new/message`);
  const again = bruno.page.getByRole('dialog', { name: '+ Create' });
  await again.getByRole('radio', { name: /Résidence Les Tilleuls/ }).check();
  await again.getByRole('checkbox', { name: /Chloé Bernard/ }).check();
  await again.getByLabel('Write the message').click();
  await bruno.page.keyboard.type('Finalement, c’est réglé.');
  await bruno.page.keyboard.press('Enter');
  await bruno.page.locator('article.message', { hasText: 'c’est réglé' }).waitFor();
  assert.equal(bruno.page.url(), first);
  await bruno.page.locator('article.message', { hasText: 'tu as deux minutes' }).waitFor();

  assert.deepEqual(bruno.problems, []);
  assert.deepEqual(chloe.problems, []);
  await bruno.context.close();
  await chloe.context.close();
});

test('New group: a distribution group adds its members, who see the group live', async () => {
  // Only company admins manage groups by default: Alice is one, Chloé is not offered it.
  const chloe = await world.logIn(USERS.chloe);
  await openCreate(chloe.page);
  assert.equal(await chloe.page.getByRole('link', { name: 'New group' }).count(), 0);
  await chloe.context.close();

  const alice = await world.logIn(USERS.alice);
  const emma = await world.logIn(USERS.emma);
  const dialog = await openCreate(alice.page);
  await dialog.getByRole('link', { name: 'New group' }).click();
  await alice.page.waitForURL(/\/new\/group$/);
  await dialog.getByRole('radio', { name: /Résidence Les Tilleuls/ }).check();
  await dialog.getByLabel('Group name').fill('Coordination des lots');
  await dialog.getByRole('button', { name: 'Add Lots techniques' }).click();
  const chips = dialog.locator('.chip > span:first-child');
  await chips.nth(1).waitFor();
  assert.deepEqual(await chips.allTextContents(), ['David Roux', 'Emma Petit']);
  await assertAccessible(alice.page, 'New group');
  await alice.page.screenshot({ path: join(ARTIFACTS, 'create-group-en.png') });
  await dialog.getByRole('button', { name: 'Create the group' }).click();
  await alice.page.waitForURL(/\/conversations\/\d+$/);
  await alice.page.getByRole('heading', { name: 'Coordination des lots' }).waitFor();
  await row(emma.page, 'Coordination des lots').waitFor({ timeout: 5_000 });

  // A group of everyone in the Directory: David, never chosen, has it too.
  const david = await world.logIn(USERS.david);
  const second = await openCreate(alice.page);
  await second.getByRole('link', { name: 'New group' }).click();
  await second.getByRole('radio', { name: /Résidence Les Tilleuls/ }).check();
  await second.getByLabel('Group name').fill('Tout le chantier');
  await second.getByRole('checkbox', { name: "Everyone in the project's Directory, kept up to date" }).check();
  assert.equal(await second.getByRole('searchbox', { name: 'Find people' }).count(), 0, 'no one to choose');
  await second.getByRole('button', { name: 'Create the group' }).click();
  await alice.page.getByRole('heading', { name: 'Tout le chantier' }).waitFor();
  await row(david.page, 'Tout le chantier').waitFor({ timeout: 5_000 });
  assert.deepEqual(david.problems, []);
  await david.context.close();

  assert.deepEqual(alice.problems, []);
  assert.deepEqual(emma.problems, []);
  await alice.context.close();
  await emma.context.close();
});

test('on a phone, in French: a refusal at its field loses nothing, and a draft survives a reload', async () => {
  const chloe = await world.logIn(USERS.chloe, { viewport: { width: 390, height: 844 }, language: 'fr' });
  await chloe.page.getByRole('link', { name: '+ Créer' }).click();
  const dialog = chloe.page.getByRole('dialog', { name: '+ Créer' });
  await dialog.getByRole('radio', { name: /^Entreprise/ }).waitFor();
  await dialog.getByRole('radio', { name: /Résidence Les Tilleuls/ }).check();
  await dialog.getByRole('checkbox', { name: /David Roux/ }).check();
  await dialog.getByLabel('Écrivez le message').click();
  await chloe.page.keyboard.type('Réunion de chantier ');
  await chloe.page.keyboard.press('Control+i');
  await chloe.page.keyboard.type('mardi');
  await chloe.page.keyboard.press('Control+Enter');
  // No subject: said at the subject, in French; the message is still there.
  await dialog.getByText('Donnez-lui un sujet (200 caractères au plus).').waitFor();
  await dialog.locator('.editor-content em', { hasText: 'mardi' }).waitFor();
  // Chromium logs the refused request (422): expected here.
  chloe.problems.length = 0;
  await chloe.page.screenshot({ path: join(ARTIFACTS, 'create-refused-phone-fr.png') });
  await assertAccessible(chloe.page, '"+ Créer" on a phone, with a refusal');

  await dialog.getByLabel('Sujet').fill('Réunion de chantier');
  await chloe.page.reload();
  const restored = chloe.page.getByRole('dialog', { name: '+ Créer' });
  await restored.locator('.editor-content em', { hasText: 'mardi' }).waitFor();
  assert.equal(await restored.getByLabel('Sujet').inputValue(), 'Réunion de chantier');
  assert.equal(await restored.getByRole('radio', { name: /Résidence Les Tilleuls/ }).isChecked(), true);
  await restored.locator('.chips').getByText('David Roux').waitFor();
  await restored.getByRole('button', { name: 'Envoyer' }).click();
  await chloe.page.waitForURL(/\/conversations\/\d+$/);
  await chloe.page.locator('article.message', { hasText: 'Réunion de chantier' }).waitFor();

  // Sent: the draft is gone.
  await chloe.page.goto(`${world.server.url}/new`);
  const fresh = chloe.page.getByRole('dialog', { name: '+ Créer' });
  await fresh.getByRole('radio', { name: /Résidence Les Tilleuls/ }).waitFor();
  assert.equal(await fresh.getByLabel('Sujet').inputValue(), '');
  await chloe.page.screenshot({ path: join(ARTIFACTS, 'create-company-phone-fr.png') });
  assert.deepEqual(chloe.problems, []);
  await chloe.context.close();
});

test('Private stops at 100 people, the author included, and says so', async () => {
  // The host product adds 100 more people to the company (integration API).
  const alice = await world.logIn(USERS.alice);
  const tokenAnswer = await alice.page.request.post(`${world.server.url}/api/v1/admin/integration-token`);
  assert.equal(tokenAnswer.status(), 200);
  const { token } = await tokenAnswer.json();
  for (let n = 1; n <= 100; n += 1) {
    const person = { email: `ouvrier${n}@durand-construction.example`, name: `Ouvrier ${String(n).padStart(3, '0')}`, is_external: false, is_admin: false };
    const put = await alice.page.request.put(`${world.server.url}/api/v1/integration/users/ouvrier-${n}`, {
      data: person,
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.ok(put.ok(), `user ${n}: ${put.status()}`);
  }
  await alice.context.close();

  const bruno = await world.logIn(USERS.bruno);
  const dialog = await openCreate(bruno.page);
  await dialog.getByRole('radio', { name: /^Private/ }).check();
  await dialog.getByRole('radio', { name: 'No project: the people of the company' }).check();
  const boxes = dialog.getByRole('checkbox');
  await boxes.nth(100).waitFor();
  for (let n = 0; n < 99; n += 1) await boxes.nth(n).check();
  await dialog.getByText('100 people at most in a private conversation, you included.').waitFor();
  assert.equal(await dialog.locator('.chip').count(), 99);
  const left = dialog.locator('.picker-option input[type=checkbox]:not(:checked)');
  assert.ok((await left.count()) > 0);
  const enabled = await left.evaluateAll((boxes) => boxes.filter((b) => !b.disabled).map((b) => b.parentElement.textContent));
  assert.deepEqual(enabled, [], "nobody more may be chosen");
  await bruno.page.screenshot({ path: join(ARTIFACTS, 'create-private-cap-en.png') });
  // One removed: the others may be chosen again.
  await dialog.getByRole('button', { name: /^Remove / }).first().click();
  assert.equal(await left.first().isDisabled(), false);
  assert.deepEqual(bruno.problems, []);
  await bruno.context.close();
});

test('the cards and pickers in French on a desktop and in English on a phone', async () => {
  const desktop = await world.logIn(USERS.bruno, { language: 'fr' });
  await desktop.page.getByRole('link', { name: '+ Créer' }).click();
  const dialog = desktop.page.getByRole('dialog', { name: '+ Créer' });
  await dialog.getByRole('radio', { name: /Résidence Les Tilleuls/ }).check();
  await dialog.getByRole('button', { name: 'Ajouter Lots techniques' }).click();
  await dialog.getByRole('region', { name: 'Qui pourra la lire' }).locator('.readers-count', { hasText: '4 personnes' }).waitFor();
  await assertAccessible(desktop.page, '"+ Créer" in French');
  await desktop.page.screenshot({ path: join(ARTIFACTS, 'create-company-fr.png') });
  assert.deepEqual(desktop.problems, []);
  await desktop.context.close();

  const phone = await world.logIn(USERS.bruno, { viewport: { width: 390, height: 844 } });
  await phone.page.goto(`${world.server.url}/new/message`);
  const direct = phone.page.getByRole('dialog', { name: '+ Create' });
  await direct.getByRole('radio', { name: /École Jules-Ferry/ }).check();
  await direct.getByRole('checkbox', { name: /Farid Haddad/ }).check();
  assert.equal(await direct.getByRole('checkbox', { name: /Bruno Martin/ }).count(), 0, 'not oneself');
  await assertAccessible(phone.page, 'Start a direct message on a phone');
  await phone.page.screenshot({ path: join(ARTIFACTS, 'create-direct-phone-en.png'), fullPage: true });
  assert.deepEqual(phone.problems, []);
  await phone.context.close();
});
