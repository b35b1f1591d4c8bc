// Managing a group's members: offered only to those the company allows, and who is added or
// removed sees the group come or go live.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { ARTIFACTS, USERS, testWorld } from '../support.mjs';

const world = testWorld();

function groupRow(page) {
  return page.locator('.conversation-link', { hasText: 'Équipe préau' });
}

test('an employee manages a group\'s members when the company allows it; changes reach people live', async () => {
  // By default only company admins manage groups: Chloé, an employee, is not offered it.
  let chloe = await world.logIn(USERS.chloe);
  await groupRow(chloe.page).click();
  await chloe.page.getByRole('heading', { name: 'Équipe préau' }).waitFor();
  assert.equal(await chloe.page.getByRole('button', { name: 'Members' }).count(), 0);
  await chloe.context.close();

  // Alice, the admin, lets employees manage groups.
  const alice = await world.logIn(USERS.alice);
  const settingsUrl = `${world.server.url}/api/v1/admin/settings`;
  const settings = await (await alice.page.request.get(settingsUrl)).json();
  const put = await alice.page.request.put(settingsUrl, { data: { ...settings, group_managers: 'internal' } });
  assert.equal(put.status(), 200);
  await alice.context.close();

  chloe = await world.logIn(USERS.chloe);
  const emma = await world.logIn(USERS.emma);
  const farid = await world.logIn(USERS.farid);
  assert.equal(await groupRow(emma.page).count(), 0, 'Emma is not in the group');

  // Farid is a member but external: still not offered it.
  await groupRow(farid.page).click();
  await farid.page.getByRole('heading', { name: 'Équipe préau' }).waitFor();
  assert.equal(await farid.page.getByRole('button', { name: 'Members' }).count(), 0);

  await groupRow(chloe.page).click();
  await chloe.page.getByRole('button', { name: 'Members' }).click();
  const dialog = chloe.page.getByRole('dialog', { name: 'Members of Équipe préau' });
  await dialog.waitFor();
  const names = async () => (await dialog.locator('.member-name').allTextContents()).sort();
  assert.deepEqual(await names(), ['Bruno Martin', 'Chloé Bernard', 'Farid Haddad']);
  assert.equal(await dialog.getByRole('button', { name: 'Remove Chloé Bernard' }).count(), 0, 'one stays in one\'s own group');

  // Add Emma from the project's Directory: she gets the group at once.
  const choices = dialog.getByLabel('Add a person');
  await choices.locator('option', { hasText: 'Emma Petit' }).waitFor({ state: 'attached' });
  await choices.selectOption({ label: 'Emma Petit' });
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await dialog.locator('.member-name', { hasText: 'Emma Petit' }).waitFor();
  await groupRow(emma.page).waitFor({ timeout: 5_000 });
  await chloe.page.screenshot({ path: join(ARTIFACTS, 'group-members-en.png') });

  // Remove Farid: the group leaves his sidebar and screen at once.
  await dialog.getByRole('button', { name: 'Remove Farid Haddad' }).click();
  await dialog.locator('.member-name', { hasText: 'Farid Haddad' }).waitFor({ state: 'detached' });
  await groupRow(farid.page).waitFor({ state: 'detached', timeout: 5_000 });
  assert.deepEqual(await names(), ['Bruno Martin', 'Chloé Bernard', 'Emma Petit']);

  // Escape closes the dialog; the header lists the members as they are now.
  await chloe.page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.match(await chloe.page.locator('.conversation-context').textContent(), /Emma Petit/);
  for (const who of [chloe, emma]) assert.deepEqual(who.problems, []);
  for (const who of [chloe, emma, farid]) await who.context.close();
});
