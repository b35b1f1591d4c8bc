// Attaching files as people do: dropped on the conversation or on "+ Create", pasted into
// the editor; a progress bar while they upload (held back here by intercepting the tus
// requests, so that the test sees every step), cancelled, and resumed after a reload in the
// middle of an upload, the message sent once its file is up. Refusals in the user's language.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { join } from 'node:path';
import { ARTIFACTS, USERS, assertAccessible, testWorld } from '../support.mjs';

const world = testWorld();

function row(page, title) {
  return page.locator('.conversation-link', { has: page.locator('.conversation-title', { hasText: new RegExp(`^${title}$`) }) });
}

async function openConversation(session, title) {
  await row(session.page, title).click();
  await session.page.waitForURL(/\/conversations\/\d+$/);
}

/** Bruno and David logged in, each in their conversation with the other. */
async function brunoAndDavid() {
  const bruno = await world.logIn(USERS.bruno);
  const david = await world.logIn(USERS.david);
  await openConversation(david, 'Bruno Martin');
  await openConversation(bruno, 'David Roux');
  return { bruno, david };
}

/** Picks files with the composer's paper-clip button (named `label`), as a person does. */
async function attachWithButton(page, files, label = 'Attach files') {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.locator('.conversation-pane .composer').getByRole('button', { name: label }).click(),
  ]);
  await chooser.setFiles(files);
}

/**
 * Drops files on an element as a person dragging them from their desktop would: the drag
 * enters (the hint shows), then they are dropped. `files` are `{ name, type, size }` made
 * of zeros in the page, or `{ name, type, base64 }`.
 */
async function dropFiles(page, target, files) {
  const data = await page.evaluateHandle((files) => {
    const data = new DataTransfer();
    for (const file of files) {
      const bytes = file.base64 ? Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0)) : new Uint8Array(file.size);
      data.items.add(new File([bytes], file.name, { type: file.type }));
    }
    return data;
  }, files);
  await target.dispatchEvent('dragenter', { dataTransfer: data });
  await page.locator('.file-drop.dragging .drop-hint').waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'uploads-drop-hint.png') });
  await target.dispatchEvent('drop', { dataTransfer: data });
  assert.equal(await page.locator('.file-drop.dragging').count(), 0, 'the hint goes with the drop');
}

/**
 * Holds back every tus `PATCH` of a page until `release()` lets the next one through, so
 * that the test sees an upload in the middle. `stop()` lets everything through.
 */
async function holdPieces(page) {
  const held = [];
  let holding = true;
  const waiting = [];
  await page.route('**/api/v1/uploads/*', (route) => {
    if (!holding || route.request().method() !== 'PATCH') return route.continue();
    held.push(route);
    waiting.splice(0).forEach((wake) => wake());
  });
  const next = async () => {
    while (held.length === 0) await new Promise((wake) => waiting.push(wake));
    return held.shift();
  };
  return {
    /** Lets the next piece through, once it is asked for; answers its `Upload-Offset`. */
    async release() {
      const route = await next();
      const offset = Number(route.request().headers()['upload-offset']);
      await route.continue();
      return offset;
    },
    /** Waits until a piece is asked for, and holds it. */
    async waitForPiece() {
      const route = await next();
      held.unshift(route);
      return Number(route.request().headers()['upload-offset']);
    },
    /** Cuts the next piece off, as a lost connection would. */
    async cut() {
      const route = await next();
      await route.abort('connectionreset');
    },
    stop() {
      holding = false;
    },
  };
}

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');

test('files dropped on the conversation go alone; a pasted screenshot goes with text; both arrive live', async () => {
  const { bruno, david } = await brunoAndDavid();

  // Dropped anywhere on the conversation: into its composer, uploading at once.
  await dropFiles(bruno.page, bruno.page.locator('.conversation-pane .message-list'), [
    { name: 'relevé de chantier.pdf', type: 'application/pdf', base64: PDF.toString('base64') },
  ]);
  const composer = bruno.page.locator('.conversation-pane .composer');
  await composer.locator('.upload.done', { hasText: 'relevé de chantier.pdf' }).waitFor();
  // Files alone make a message: the send button is enabled with no text.
  await composer.getByRole('button', { name: 'Send' }).click();
  const sent = david.page.locator('article.message', { has: david.page.locator('.attachment-name', { hasText: 'relevé de chantier.pdf' }) });
  await sent.waitFor({ timeout: 5_000 });
  assert.equal(await sent.locator('.attachment-kind').textContent(), 'PDF');
  assert.equal(await composer.locator('.upload').count(), 0, 'sent, the composer is empty again');

  // A screenshot pasted into the editor is attached, not typed.
  const png = await bruno.page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 200;
    const context = canvas.getContext('2d');
    context.fillStyle = '#0b7285';
    context.fillRect(0, 0, 320, 200);
    return canvas.toDataURL('image/png').split(',')[1];
  });
  const editor = composer.getByRole('textbox');
  await editor.click();
  await bruno.page.keyboard.type('La fissure, ');
  await editor.evaluate((editor, base64) => {
    const data = new DataTransfer();
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    data.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
    editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, png);
  await composer.locator('.upload.done', { hasText: 'image.png' }).waitFor();
  assert.equal(await editor.textContent(), 'La fissure, ', 'nothing typed by the paste');
  await bruno.page.keyboard.type('côté nord.');
  await bruno.page.keyboard.press('Enter');
  const pasted = david.page.locator('article.message', { hasText: 'La fissure, côté nord.' });
  await pasted.locator('.attachment-image img').waitFor({ timeout: 5_000 });
  assert.equal(await pasted.locator('.attachment-image img').getAttribute('alt'), 'image.png');

  for (const person of [bruno, david]) {
    assert.deepEqual(person.problems, [], 'no errors in the console');
    await person.context.close();
  }
});

test('an upload shows its progress and can be cancelled: the server forgets it, nothing is sent', async () => {
  const bruno = await world.logIn(USERS.bruno);
  await openConversation(bruno, 'David Roux');
  const pieces = await holdPieces(bruno.page);
  const composer = bruno.page.locator('.conversation-pane .composer');
  const size = 2 * 1024 * 1024;
  const created = bruno.page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/uploads'));
  await attachWithButton(bruno.page, { name: 'métré.xlsx', mimeType: 'application/octet-stream', buffer: randomBytes(size) });
  const location = (await created).headers().location;

  const file = composer.locator('.upload', { hasText: 'métré.xlsx' });
  const progress = file.getByRole('progressbar', { name: 'Uploading métré.xlsx' });
  assert.equal(await pieces.waitForPiece(), 0);
  assert.equal(await progress.getAttribute('value'), '0');
  assert.equal(await file.locator('.upload-percent').textContent(), '0%');
  assert.equal(await pieces.release(), 0);
  // The next piece starts where the first ended.
  const second = await pieces.waitForPiece();
  assert.ok(second > 0 && second < size, `the second piece starts at ${second}`);
  await bruno.page.waitForFunction((at) => document.querySelector('.upload progress')?.value === at, second);
  assert.equal(await file.locator('.upload-percent').textContent(), `${Math.floor((second * 100) / size)}%`);
  await file.screenshot({ path: join(ARTIFACTS, 'uploads-progress.png') });
  await assertAccessible(bruno.page, 'a file uploading');

  const cancelled = bruno.page.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().endsWith(location));
  await file.getByRole('button', { name: 'Remove métré.xlsx' }).click();
  await file.waitFor({ state: 'detached' });
  // The piece on its way ends, then the upload is ended on the server.
  pieces.stop();
  await pieces.release();
  assert.equal((await cancelled).status(), 204);
  const head = await bruno.page.request.fetch(`${world.server.url}${location}`, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0' } });
  assert.equal(head.status(), 404, 'the server no longer has it');
  assert.equal(await bruno.page.locator('.outgoing-message').count(), 0, 'nothing was sent');
  assert.equal(await composer.getByRole('button', { name: 'Send' }).isDisabled(), true);
  assert.deepEqual(bruno.problems, [], 'no errors in the console');
  await bruno.context.close();
});

test('a piece cut off by the network is sent again, from where the server stands', async () => {
  const { bruno, david } = await brunoAndDavid();
  const pieces = await holdPieces(bruno.page);
  const composer = bruno.page.locator('.conversation-pane .composer');
  const bytes = randomBytes(1024 * 1024);
  await attachWithButton(bruno.page, { name: 'compte rendu.pdf', mimeType: 'application/pdf', buffer: bytes });
  await pieces.release();
  const asked = [];
  bruno.page.on('request', (r) => {
    if (r.url().includes('/api/v1/uploads/')) asked.push(`${r.method()} ${r.headers()['upload-offset'] ?? ''}`.trim());
  });
  await pieces.cut();
  pieces.stop();
  await composer.locator('.upload.done', { hasText: 'compte rendu.pdf' }).waitFor({ timeout: 10_000 });
  // Asked where the upload stands before sending the rest (the cut piece was lost whole).
  assert.deepEqual(asked.slice(0, 3), ['PATCH 262144', 'HEAD', 'PATCH 262144']);
  await composer.getByRole('button', { name: 'Send' }).click();
  const arrived = david.page.locator('article.message', { has: david.page.locator('.attachment-name', { hasText: 'compte rendu.pdf' }) });
  await arrived.waitFor({ timeout: 5_000 });
  const href = await arrived.locator('a.attachment-card').getAttribute('href');
  const size = await david.page.evaluate(async (href) => (await (await fetch(href)).arrayBuffer()).byteLength, href);
  assert.equal(size, bytes.length);
  // The cut request is the browser's own report of it; nothing else went wrong.
  assert.deepEqual(bruno.problems.filter((p) => !p.includes('ERR_CONNECTION_RESET')), []);
  for (const person of [bruno, david]) await person.context.close();
});

test('a reload in the middle of an upload resumes it where the server stands, and the message waiting for it goes', async () => {
  const { bruno, david } = await brunoAndDavid();
  const pieces = await holdPieces(bruno.page);
  const composer = bruno.page.locator('.conversation-pane .composer');
  const bytes = randomBytes(3 * 1024 * 1024 + 12_345);
  await attachWithButton(bruno.page, { name: 'plans indice D.pdf', mimeType: 'application/pdf', buffer: bytes });
  await composer.getByRole('textbox').fill('Les plans indice D.');
  // Sent while its file uploads: the message waits in the outbox, the file with it.
  await bruno.page.keyboard.press('Enter');
  const waiting = bruno.page.locator('.outgoing-message', { hasText: 'Les plans indice D.' });
  await waiting.locator('.upload', { hasText: 'plans indice D.pdf' }).waitFor();
  await pieces.release();
  await pieces.release();
  const reached = await pieces.waitForPiece();
  assert.ok(reached > 0, 'two pieces are on the server');
  await waiting.screenshot({ path: join(ARTIFACTS, 'uploads-waiting-message.png') });
  assert.equal(await david.page.locator('article.message', { hasText: 'Les plans indice D.' }).count(), 0);

  // The page goes away with the third piece held back; the new one resumes.
  pieces.stop();
  const offsets = [];
  bruno.page.on('request', (r) => {
    if (r.method() === 'PATCH') offsets.push(Number(r.headers()['upload-offset']));
  });
  await bruno.page.reload();
  const arrived = david.page.locator('article.message', { hasText: 'Les plans indice D.' });
  await arrived.waitFor({ timeout: 15_000 });
  assert.equal(offsets[0], reached, 'resumed from where the server stood, not from the start');
  assert.equal(await arrived.locator('.attachment-name').textContent(), 'plans indice D.pdf');
  assert.equal(await bruno.page.locator('article.message', { hasText: 'Les plans indice D.' }).count(), 1, 'sent once');
  // The file is whole, byte for byte.
  const href = await arrived.locator('a.attachment-card').getAttribute('href');
  const digest = await david.page.evaluate(async (href) => {
    const bytes = await (await fetch(href)).arrayBuffer();
    return [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
  }, href);
  assert.equal(digest, createHash('sha256').update(bytes).digest('hex'));
  await bruno.page.locator('.outgoing-message').waitFor({ state: 'detached' });

  for (const person of [bruno, david]) {
    assert.deepEqual(person.problems, [], 'no errors in the console');
    await person.context.close();
  }
});

test('a file this browser no longer has after a reload is reported lost, in the user\'s language', async () => {
  const bruno = await world.logIn(USERS.bruno, { language: 'fr' });
  await openConversation(bruno, 'David Roux');
  const pieces = await holdPieces(bruno.page);
  await attachWithButton(bruno.page, { name: 'photos.zip', mimeType: 'application/zip', buffer: randomBytes(1024 * 1024) }, 'Joindre des fichiers');
  await pieces.release();
  await pieces.waitForPiece();
  // The browser's storage is cleared (as a user or the browser itself may do) as the page
  // goes away: the file is gone from this browser, and the server has only part of it.
  await bruno.page.evaluate(() => indexedDB.deleteDatabase('parlons-files'));
  pieces.stop();
  await bruno.page.reload();
  const file = bruno.page.locator('.composer .upload.failed', { hasText: 'photos.zip' });
  await file.waitFor();
  assert.equal(await file.getByRole('alert').textContent(), "Envoi perdu : le fichier n'est plus disponible ici. Joignez-le à nouveau.");
  await file.getByRole('button', { name: 'Retirer photos.zip' }).click();
  await file.waitFor({ state: 'detached' });
  assert.deepEqual(bruno.problems, [], 'no errors in the console');
  await bruno.context.close();
});

test('"+ Create": a file dropped on the dialog starts the conversation with it', async () => {
  const chloe = await world.logIn(USERS.chloe);
  const bruno = await world.logIn(USERS.bruno);
  await chloe.page.getByRole('link', { name: '+ Create' }).click();
  const dialog = chloe.page.getByRole('dialog', { name: '+ Create' });
  await dialog.waitFor();
  await dialog.getByRole('searchbox', { name: 'Find a project (name or number)' }).fill('2025');
  await dialog.getByRole('radio', { name: /École Jules-Ferry/ }).check();
  await dialog.getByLabel('Subject').fill('Réserves du lot 3');
  await dropFiles(chloe.page, dialog.locator('.create-form'), [
    { name: 'réserves lot 3.pdf', type: 'application/pdf', base64: PDF.toString('base64') },
  ]);
  await dialog.locator('.upload', { hasText: 'réserves lot 3.pdf' }).waitFor();
  await dialog.getByLabel('Write the message').click();
  await chloe.page.keyboard.type('La liste des réserves.');
  await dialog.screenshot({ path: join(ARTIFACTS, 'uploads-create.png') });
  await dialog.getByRole('button', { name: 'Send' }).click();
  await chloe.page.waitForURL(/\/conversations\/\d+$/);

  await row(bruno.page, 'Réserves du lot 3').click();
  const first = bruno.page.locator('article.message', { hasText: 'La liste des réserves.' });
  await first.locator('.attachment-name', { hasText: 'réserves lot 3.pdf' }).waitFor();
  for (const person of [chloe, bruno]) {
    assert.deepEqual(person.problems, [], 'no errors in the console');
    await person.context.close();
  }
});

test('a file over 100 MB is refused at once, in the user\'s language, and never sent to the server', async () => {
  const bruno = await world.logIn(USERS.bruno, { language: 'fr' });
  await openConversation(bruno, 'David Roux');
  const created = [];
  bruno.page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/v1/uploads')) created.push(r.url());
  });
  await dropFiles(bruno.page, bruno.page.locator('.conversation-pane .message-list'), [
    { name: 'visite du chantier.mov', type: 'video/quicktime', size: 100 * 1024 * 1024 + 1 },
  ]);
  const file = bruno.page.locator('.composer .upload.failed', { hasText: 'visite du chantier.mov' });
  assert.equal(await file.getByRole('alert').textContent(), 'Plus de 100 Mo : il ne peut pas être envoyé.');
  assert.equal(await bruno.page.locator('.composer').getByRole('button', { name: 'Envoyer' }).isDisabled(), true, 'nothing to send');
  await bruno.page.locator('.composer').screenshot({ path: join(ARTIFACTS, 'uploads-too-large-fr.png') });
  await file.getByRole('button', { name: 'Retirer visite du chantier.mov' }).click();
  await file.waitFor({ state: 'detached' });
  assert.deepEqual(created, [], 'the server was never asked');
  assert.deepEqual(bruno.problems, [], 'no errors in the console');
  await bruno.context.close();
});
