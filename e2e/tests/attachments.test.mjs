// Files in a conversation: Bruno attaches two photos and a PDF with the editor's button and
// sends them with a line of text; David sees them arrive live, as previews and a card, opens
// a photo full size, moves between the images with the arrow keys, closes it with Escape, and
// downloads the PDF.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { ARTIFACTS, USERS, assertAccessible, testWorld } from '../support.mjs';

const world = testWorld();

function row(page, title) {
  return page.locator('.conversation-link', { has: page.locator('.conversation-title', { hasText: new RegExp(`^${title}$`) }) });
}

/** Two PNG images drawn on a canvas in the page, as `{ name, mimeType, buffer }`. */
async function pictures(page) {
  const drawn = await page.evaluate(async () => {
    function picture(width, height, colours) {
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
      return canvas.toDataURL('image/png').split(',')[1];
    }
    return [picture(1600, 1200, ['#c2410c', '#f4f6f9', '#0b7285']), picture(800, 1200, ['#e3e7ed', '#fde8dc'])];
  });
  return [
    { name: 'façade nord.png', mimeType: 'image/png', buffer: Buffer.from(drawn[0], 'base64') },
    { name: 'plan R+1.png', mimeType: 'image/png', buffer: Buffer.from(drawn[1], 'base64') },
  ];
}

const PDF = { name: 'CCTP lot 3.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n') };

test('files sent by one participant appear live for the other, images open in a viewer', async () => {
  const bruno = await world.logIn(USERS.bruno);
  const david = await world.logIn(USERS.david);

  await row(david.page, 'Bruno Martin').click();
  await david.page.waitForURL(/\/conversations\/\d+$/);
  await row(bruno.page, 'David Roux').click();
  await bruno.page.waitForURL(/\/conversations\/\d+$/);

  // Bruno attaches two photos and a PDF with the editor's button; each uploads, with its
  // progress, before he even writes.
  const composer = bruno.page.locator('.conversation-pane .composer');
  const [chooser] = await Promise.all([
    bruno.page.waitForEvent('filechooser'),
    composer.getByRole('button', { name: 'Attach files' }).click(),
  ]);
  assert.ok(chooser.isMultiple(), 'several files at once');
  await chooser.setFiles([...(await pictures(bruno.page)), PDF]);
  const files = composer.getByRole('list', { name: 'Attached files' }).locator('li');
  await bruno.page.waitForFunction(() => document.querySelectorAll('.composer .upload.done').length === 3);
  assert.deepEqual(await files.locator('.upload-name').allTextContents(), ['façade nord.png', 'plan R+1.png', 'CCTP lot 3.pdf']);
  await composer.screenshot({ path: join(ARTIFACTS, 'attachments-composer.png') });
  await assertAccessible(bruno.page, 'a composer with files');
  await composer.getByRole('textbox').fill('Les photos et le CCTP.');
  await bruno.page.keyboard.press('Enter');
  await files.first().waitFor({ state: 'detached' });

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
