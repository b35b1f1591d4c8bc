// A standard tus client (tus-js-client, from npm) against the real server: uploads, is cut
// off (the client aborts; then the server is killed mid-upload and restarted), resumes each
// time from where the server stands, and the file it made is sent and read back intact.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import * as tus from 'tus-js-client';
import { DEMO_PASSWORD, USERS, startServer } from '../support.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

async function logIn(email) {
  const answer = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  assert.equal(answer.status, 200);
  return answer.headers.get('set-cookie').split(';')[0];
}

/** Runs a tus upload until it succeeds, fails, or `stopWhen(bytesAccepted)` says to abort. */
function run(file, cookie, { uploadUrl = null, stopWhen = () => false, onChunk = () => {} } = {}) {
  return new Promise((resolve, reject) => {
    const upload = new tus.Upload(file, {
      endpoint: `${server.url}/api/v1/uploads`,
      uploadUrl,
      chunkSize: 256 * 1024,
      retryDelays: [200, 500, 1000, 2000, 4000],
      headers: { cookie },
      metadata: { filename: 'relevé de mesures.bin', filetype: 'text/html' },
      onChunkComplete(_size, accepted) {
        onChunk(accepted);
        if (stopWhen(accepted)) {
          upload.abort().then(() => resolve({ url: upload.url, finished: false }));
        }
      },
      onSuccess: () => resolve({ url: upload.url, finished: true }),
      onError: reject,
    });
    upload.start();
  });
}

async function offsetOf(url, cookie) {
  const head = await fetch(url, { method: 'HEAD', headers: { cookie, 'tus-resumable': '1.0.0' } });
  assert.equal(head.status, 200);
  return Number(head.headers.get('upload-offset'));
}

test('tus-js-client uploads, resumes after an abort and after a server kill, and the file arrives whole', async () => {
  const bruno = await logIn(USERS.bruno.email);
  const file = randomBytes(3 * 1024 * 1024);

  // Cut off by the client after 1 MB.
  const first = await run(file, bruno, { stopWhen: (accepted) => accepted >= 1024 * 1024 });
  assert.equal(first.finished, false);
  const stood = await offsetOf(first.url, bruno);
  assert.ok(stood >= 1024 * 1024 && stood < file.length, `stood at ${stood}`);

  // Resumed from the server's offset; the server killed and restarted after 2 MB.
  let resumedFrom = null;
  let killed = false;
  const resumed = run(file, bruno, {
    uploadUrl: first.url,
    onChunk(accepted) {
      resumedFrom ??= accepted;
      if (!killed && accepted >= 2 * 1024 * 1024) {
        killed = true;
        server.kill().then(() => setTimeout(() => server.start(), 300));
      }
    },
  });
  const done = await resumed;
  assert.equal(done.finished, true);
  assert.equal(done.url, first.url, 'the same upload, resumed');
  assert.ok(killed, 'the server was killed during the upload');
  assert.ok(resumedFrom > stood, `the client resumed at ${stood}, not from the start`);

  // Sent with a message, read back by David byte for byte; its type sniffed, not declared.
  const id = Number(done.url.split('/').pop());
  const list = await (await fetch(`${server.url}/api/v1/conversations`, { headers: { cookie: bruno } })).json();
  const withDavid = list.find((c) => c.kind === 'direct' && c.participants.some((p) => p.name === 'David Roux'));
  const sent = await fetch(`${server.url}/api/v1/conversations/${withDavid.id}/messages`, {
    method: 'POST',
    headers: { cookie: bruno, 'content-type': 'application/json' },
    body: JSON.stringify({ idempotency_key: 'tus-client', body: { blocks: [] }, attachment_ids: [id] }),
  });
  assert.equal(sent.status, 201);
  const message = await sent.json();
  assert.equal(message.attachments[0].name, 'relevé de mesures.bin');
  assert.equal(message.attachments[0].size, file.length);
  assert.equal(message.attachments[0].content_type, 'application/octet-stream');
  const david = await logIn(USERS.david.email);
  const download = await fetch(`${server.url}/api/v1/attachments/${id}`, { headers: { cookie: david } });
  assert.equal(download.status, 200);
  assert.ok(Buffer.from(await download.arrayBuffer()).equals(file), 'the same bytes');
});
