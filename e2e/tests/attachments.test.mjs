// Files in a conversation: Bruno sends a photo and a PDF (uploaded with tus by his browser);
// David sees them arrive live, as a preview and a card, opens the photo full size, moves
// between the images with the arrow keys, closes it with Escape, and downloads the PDF.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { ARTIFACTS, USERS, assertAccessible, testWorld } from '../support.mjs';

const world = testWorld();

function row(page, title) {
  return page.locator('.conversation-link', { has: page.locator('.conversation-title', { hasText: new RegExp(`^${title}$`) }) });
}

/**
 * In the page (its session): draws two images on a canvas, makes a small PDF, uploads the
 * three with tus and sends them in one message to the conversation `conversation`.
 */
async function sendFiles(page, conversation) {
  return page.evaluate(async (conversation) => {
    const tus = { 'tus-resumable': '1.0.0' };
    async function upload(name, blob) {
      const created = await fetch('/api/v1/uploads', {
        method: 'POST',
        headers: { ...tus, 'upload-length': String(blob.size), 'upload-metadata': `filename ${btoa(unescape(encodeURIComponent(name)))}` },
      });
      const location = created.headers.get('location');
      const sent = await fetch(location, {
        method: 'PATCH',
        headers: { ...tus, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
        body: blob,
      });
      if (sent.status !== 204) throw new Error(`upload: ${sent.status}`);
      return Number(location.split('/').pop());
    }
    async function picture(width, height, colours) {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const context = canvas.getContext('2d');
      colours.forEach((colour, i) => {
        context.fillStyle = colour;
        context.fillRect((i * width) / colours.length, 0, width / colours.length, height);
      });
      context.fillStyle = '#1c2430';
      context.font = `${Math.round(height / 8)}px sans-serif`;
      context.fillText('Façade nord', width / 10, height / 2);
      return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    }
    const photo = await upload('façade nord.png', await picture(1600, 1200, ['#c2410c', '#f4f6f9', '#0b7285']));
    const plan = await upload('plan R+1.png', await picture(800, 1200, ['#e3e7ed', '#fde8dc']));
    const pdf = await upload('CCTP lot 3.pdf', new Blob(['%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n']));
    const answer = await fetch(`/api/v1/conversations/${conversation}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idempotency_key: 'files-e2e', body: { blocks: [{ type: 'paragraph', content: [{ type: 'text', text: 'Les photos et le CCTP.' }] }] }, attachment_ids: [photo, plan, pdf] }),
    });
    return answer.status;
  }, conversation);
}

test('files sent by one participant appear live for the other, images open in a viewer', async () => {
  const bruno = await world.logIn(USERS.bruno);
  const david = await world.logIn(USERS.david);

  await row(david.page, 'Bruno Martin').click();
  await david.page.waitForURL(/\/conversations\/\d+$/);
  await row(bruno.page, 'David Roux').click();
  await bruno.page.waitForURL(/\/conversations\/\d+$/);
  const conversation = Number(bruno.page.url().split('/').pop());
  assert.equal(await sendFiles(bruno.page, conversation), 201);

  // David sees them without reloading.
  const message = david.page.locator('article.message', { hasText: 'Les photos et le CCTP.' });
  await message.waitFor({ timeout: 5_000 });
  const previews = message.locator('.attachment-image img');
  await previews.first().waitFor();
  assert.equal(await previews.count(), 2);
  assert.equal(await previews.first().getAttribute('alt'), 'façade nord.png');
  // The previews are the server's small images, really loaded.
  await david.page.waitForFunction(() => [...document.querySelectorAll('.attachment-image img')].every((img) => img.complete && img.naturalWidth > 0));
  const card = message.locator('a.attachment-card');
  assert.equal(await card.locator('.attachment-name').textContent(), 'CCTP lot 3.pdf');
  assert.equal(await card.locator('.attachment-kind').textContent(), 'PDF');
  assert.match(await card.locator('.attachment-size').textContent(), /^\d+ B$/);
  await message.screenshot({ path: join(ARTIFACTS, 'attachments-message.png') });
  await assertAccessible(david.page, 'a message with files');

  // The photo full size; the arrows move to the plan and back; Escape closes.
  await previews.first().click();
  const viewer = david.page.getByRole('dialog', { name: 'façade nord.png' });
  await viewer.waitFor();
  await david.page.waitForFunction(() => document.querySelector('.image-viewer img')?.naturalWidth === 1600);
  assert.equal(await viewer.locator('.image-viewer-position').textContent(), '1 / 2');
  await david.page.screenshot({ path: join(ARTIFACTS, 'attachments-viewer.png') });
  await assertAccessible(david.page, 'the image viewer');
  await david.page.keyboard.press('ArrowRight');
  await david.page.getByRole('dialog', { name: 'plan R+1.png' }).waitFor();
  await david.page.keyboard.press('ArrowLeft');
  await david.page.getByRole('dialog', { name: 'façade nord.png' }).waitFor();
  await david.page.keyboard.press('Escape');
  await viewer.waitFor({ state: 'detached' });

  // The PDF downloads under its name.
  const [download] = await Promise.all([david.page.waitForEvent('download'), card.click()]);
  assert.equal(download.suggestedFilename(), 'CCTP lot 3.pdf');

  for (const person of [bruno, david]) {
    assert.deepEqual(person.problems, [], 'no errors in the console');
    await person.context.close();
  }
});
