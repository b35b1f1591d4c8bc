// Loading and errors: placeholders while loading, an inline retry when a load fails, an offline
// indicator, a send that fails keeps its text, and a live stream that comes back after the
// server was killed (resuming where it was, or reloading the view when told to resync);
// never a blank screen.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { USERS, testWorld } from '../support.mjs';

const world = testWorld();

test('placeholders while a conversation loads, and an inline retry when the list fails', async () => {
  const bruno = await world.logIn(USERS.bruno);
  const { page } = bruno;

  // The messages take their time: placeholders stand in their place meanwhile.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/api/v1/conversations/*/messages*', async (route) => {
    await held;
    await route.continue();
  });
  await page.locator('.conversation-link', { hasText: 'David Roux' }).click();
  await page.locator('.message-list.loading[aria-busy="true"] .skeleton').first().waitFor();
  release();
  await page.locator('article.message').first().waitFor();
  assert.equal(await page.locator('.message-list.loading').count(), 0);
  await page.unroute('**/api/v1/conversations/*/messages*');

  // The list cannot be loaded: the sidebar says so and offers to try again. (The event
  // stream is cut too: reconnecting, it would load the list again by itself.)
  await page.route('**/api/v1/conversations', (route) => route.abort('connectionrefused'));
  await page.route('**/api/v1/events', (route) => route.abort('connectionrefused'));
  await page.reload();
  const failure = page.locator('.sidebar[role="alert"]');
  await failure.waitFor();
  assert.match(await failure.textContent(), /The server cannot be reached/);
  await page.unroute('**/api/v1/conversations');
  await failure.getByRole('button', { name: 'Try again' }).click();
  await page.unroute('**/api/v1/events');
  await page.locator('.sidebar .conversation-link').first().waitFor();
  assert.equal(await failure.count(), 0);
  // Only the refused requests were logged, nothing else went wrong.
  assert.deepEqual(bruno.problems.filter((p) => !p.includes('net::ERR')), []);
  await bruno.context.close();
});

test('offline: the header says so, a message waits in the outbox and is delivered once, even across a reload', async () => {
  const bruno = await world.logIn(USERS.bruno);
  const david = await world.logIn(USERS.david);
  const { page, context } = bruno;
  await page.locator('.conversation-link', { hasText: 'David Roux' }).click();
  await david.page.locator('.conversation-link', { hasText: 'Bruno Martin' }).first().click();
  const composer = page.getByLabel('Write a message');
  await composer.waitFor();

  // The browser goes offline: the header says so; the message waits, shown as on its way.
  await context.setOffline(true);
  await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
  await composer.fill('Le camion arrive à 10 h.');
  await composer.press('Enter');
  const waiting = page.locator('.outgoing-message', { hasText: 'Le camion arrive à 10 h.' });
  await waiting.getByText('Sending…').waitFor();
  assert.equal(await composer.textContent(), '', 'the composer is free for the next message');

  // A reload while the server is still unreachable keeps it (the outbox is in the
  // browser's storage)…
  await page.route('**/api/v1/conversations/*/messages', (route) =>
    route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue());
  await context.setOffline(false);
  await page.reload();
  await page.locator('.outgoing-message', { hasText: 'Le camion arrive à 10 h.' }).waitFor();
  // …and once the server is reachable again it is delivered, exactly once.
  await page.unroute('**/api/v1/conversations/*/messages');
  await page.locator('.message-body', { hasText: 'Le camion arrive à 10 h.' }).first().waitFor({ timeout: 40_000 });
  await page.locator('.outgoing-message').waitFor({ state: 'detached' });
  await david.page.locator('.message-body', { hasText: 'Le camion arrive à 10 h.' }).waitFor();
  assert.equal(await page.locator('article.message', { hasText: 'Le camion arrive à 10 h.' }).count(), 1);
  assert.equal(await david.page.locator('article.message', { hasText: 'Le camion arrive à 10 h.' }).count(), 1);
  await bruno.context.close();
  await david.context.close();
});

test('a message the server refuses says why and can be edited and sent again', async () => {
  const bruno = await world.logIn(USERS.bruno);
  const { page } = bruno;
  await page.locator('.conversation-link', { hasText: 'David Roux' }).click();
  const composer = page.getByLabel('Write a message');
  await composer.waitFor();
  await page.route('**/api/v1/conversations/*/messages', (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({ status: 422, contentType: 'application/json', body: JSON.stringify({ error: { code: 'invalid_input', message: 'Cannot send: the message has 40001 characters.', field: 'body.blocks[0]', reason: 'too_long' } }) })
      : route.continue());
  await composer.fill('Un message refusé');
  await composer.press('Enter');
  const refused = page.locator('.outgoing-message', { hasText: 'Un message refusé' });
  // Said by the app in the user's language, from the refusal's reason.
  await refused.getByText('Not sent: The message is too long.').waitFor();
  await page.unroute('**/api/v1/conversations/*/messages');
  await refused.getByRole('button', { name: 'Edit' }).click();
  await refused.waitFor({ state: 'detached' });
  assert.equal(await composer.textContent(), 'Un message refusé', 'back in the composer');
  await composer.press('End');
  await page.keyboard.type(', corrigé');
  await composer.press('Enter');
  await page.locator('.message-body', { hasText: 'Un message refusé, corrigé' }).waitFor();
  assert.deepEqual(bruno.problems.filter((p) => !p.includes('422')), []);
  await bruno.context.close();
});

test('the server killed and restarted: the header says so, what was sent meanwhile comes once, and a resync reloads the view', async () => {
  const bruno = await world.logIn(USERS.bruno);
  const david = await world.logIn(USERS.david);
  const { page } = bruno;
  await page.locator('.conversation-link', { hasText: 'David Roux' }).click();
  await page.locator('article.message').first().waitFor();
  const gaines = Number(page.url().match(/conversations\/(\d+)/)[1]);
  const send = async (key, text) => {
    const answer = await david.page.request.post(`${world.server.url}/api/v1/conversations/${gaines}/messages`, {
      data: { idempotency_key: key, body: { blocks: [{ type: 'paragraph', content: [{ type: 'text', text }] }] } },
    });
    assert.ok(answer.ok(), `${answer.status()} ${await answer.text()}`);
  };

  // A proxy answers 502 while the server is down: the browser's EventSource gives up for
  // good on that; the app makes a new one, with a backoff.
  let streamsAsked = 0;
  await page.route('**/api/v1/events**', (route) => {
    streamsAsked += 1;
    return route.fulfill({ status: 502, body: 'Bad gateway' });
  });
  await world.server.kill();
  await page.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor();
  await world.server.start();
  await send('restart-1', 'Pendant la coupure, un.');
  await send('restart-2', 'Pendant la coupure, deux.');
  // The browser's own retry meets the 502 and gives up; the app asks again by itself.
  for (let waited = 0; streamsAsked < 2 && waited < 20_000; waited += 100) await page.waitForTimeout(100);
  assert.ok(streamsAsked >= 2, `the app asked again after the 502 (${streamsAsked} asked)`);
  await page.unroute('**/api/v1/events**');
  // It resumes after the last event it had: both messages, once each.
  for (const text of ['Pendant la coupure, un.', 'Pendant la coupure, deux.']) {
    await page.locator('.message-body', { hasText: text }).waitFor({ timeout: 40_000 });
  }
  await page.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor({ state: 'detached' });
  await page.waitForTimeout(500);
  for (const text of ['Pendant la coupure, un.', 'Pendant la coupure, deux.']) {
    assert.equal(await page.locator('article.message', { hasText: text }).count(), 1, text);
  }

  // Killed again; this time the stream that comes back says it cannot resume (as past the
  // log's retention): the app reloads the list and the open conversation from the API,
  // and what was sent meanwhile shows though no event brought it.
  let resyncs = 0;
  await page.route('**/api/v1/events**', (route) => {
    if (resyncs > 0) return route.fulfill({ status: 502, body: 'Bad gateway' });
    resyncs += 1;
    return route.fulfill({
      status: 200,
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
      body: 'id: 999999\nevent: resync\ndata: {"type":"resync"}\n\n',
    });
  });
  await world.server.kill();
  await world.server.start();
  await send('restart-3', 'Après le resync.');
  await page.locator('.message-body', { hasText: 'Après le resync.' }).waitFor({ timeout: 40_000 });
  assert.equal(resyncs, 1);
  assert.equal(await page.locator('article.message', { hasText: 'Après le resync.' }).count(), 1);
  // The outbox still works: a message typed now is delivered once the stream is back.
  await page.unroute('**/api/v1/events**');
  const composer = page.getByLabel('Write a message');
  await composer.fill('Bien reçu.');
  await composer.press('Enter');
  await david.page.locator('.conversation-link', { hasText: 'Bruno Martin' }).first().click();
  await david.page.locator('.message-body', { hasText: 'Bien reçu.' }).waitFor({ timeout: 40_000 });
  assert.equal(await page.locator('article.message', { hasText: 'Bien reçu.' }).count(), 1);
  await bruno.context.close();
  await david.context.close();
});
