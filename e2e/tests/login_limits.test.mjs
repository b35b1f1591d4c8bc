// Guessing a password: after ten wrong attempts the login page says, in the user's language,
// how long to wait, and the server checks no more passwords for that account meanwhile.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { ARTIFACTS, LABELS, USERS, testWorld } from '../support.mjs';

const world = testWorld();

test('ten wrong passwords, then the login page says when to try again', async () => {
  const context = await world.browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${world.server.url}/login`);
  const labels = LABELS.fr;
  await page.getByLabel(labels.email).fill(USERS.farid.email);
  const alert = page.getByRole('alert');
  for (let n = 1; n <= 10; n += 1) {
    await page.getByLabel(labels.password).fill(`mauvais-${n}`);
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/session'));
    await page.getByRole('button', { name: labels.logIn }).click();
    assert.equal((await answered).status(), 401);
  }
  await page.getByLabel(labels.password).fill('mauvais-11');
  const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/session'));
  await page.getByRole('button', { name: labels.logIn }).click();
  assert.equal((await refused).status(), 429);
  await alert.filter({ hasText: 'Trop de tentatives' }).waitFor();
  assert.match(await alert.textContent(), /^Trop de tentatives\. Réessayez dans (29|30) secondes\.$/);
  await page.screenshot({ path: join(ARTIFACTS, 'login-too-many-fr.png') });
  assert.deepEqual(problems, []);
  await context.close();
});
