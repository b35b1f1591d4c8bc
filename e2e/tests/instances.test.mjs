// Two server instances on one PostgreSQL database behind a real load balancer (nginx from the
// distribution's packages, configured here): a message sent through one instance reaches a
// browser on the other live, and when that instance is killed its browser reconnects through
// the load balancer to the other one and gets everything sent meanwhile, exactly once.
//
// Needs a PostgreSQL server in PARLONS_TEST_POSTGRES: the README's test command runs the
// end-to-end tests under scripts/with-postgres, which starts a throwaway one.

import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ARTIFACTS, USERS, freePort, launchBrowser, logIn, spawnServer } from '../support.mjs';

const postgres = process.env.PARLONS_TEST_POSTGRES;
const cluster = {};

/** A new database on the test's PostgreSQL server. */
function createDatabase() {
  if (!postgres) {
    throw new Error('PARLONS_TEST_POSTGRES must name a PostgreSQL server: run this under scripts/with-postgres');
  }
  const name = `parlons_e2e_${process.pid}`;
  execFileSync('psql', [`${postgres}/postgres`, '-q', '-c', `CREATE DATABASE ${name}`]);
  return `${postgres}/${name}`;
}

/**
 * nginx in the foreground with two entry points, each sending everything to one instance and
 * falling back to the other when it is down (an active/backup pair each way); its access log
 * names the entry and the instance(s) that answered each request, once it is over.
 */
async function startNginx(dir, [first, second]) {
  const entries = [await freePort(), await freePort()];
  const upstream = (name, primary, backup) => `
    upstream ${name} {
      server 127.0.0.1:${primary} max_fails=1 fail_timeout=30s;
      server 127.0.0.1:${backup} backup;
    }`;
  const server = (port, name) => `
    server {
      listen 127.0.0.1:${port};
      location / {
        proxy_pass http://${name};
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        # Server-Sent Events: pass each event on at once, and keep a quiet stream open.
        proxy_buffering off;
        proxy_read_timeout 1h;
        proxy_next_upstream error timeout http_502;
        proxy_connect_timeout 2s;
      }
    }`;
  const config = `
    daemon off;
    worker_processes 1;
    pid ${dir}/nginx.pid;
    error_log ${dir}/error.log;
    events { worker_connections 256; }
    http {
      log_format upstream '$server_port $request_method $uri $upstream_addr';
      access_log ${dir}/access.log upstream;
      client_body_temp_path ${dir}/body;
      proxy_temp_path ${dir}/proxy;
      fastcgi_temp_path ${dir}/fastcgi;
      uwsgi_temp_path ${dir}/uwsgi;
      scgi_temp_path ${dir}/scgi;
      ${upstream('first_then_second', first, second)}
      ${upstream('second_then_first', second, first)}
      ${server(entries[0], 'first_then_second')}
      ${server(entries[1], 'second_then_first')}
    }`;
  writeFileSync(join(dir, 'nginx.conf'), config);
  const nginx = spawn('/usr/sbin/nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  nginx.stderr.on('data', (chunk) => { errors += chunk; });
  // Ready once it answers.
  for (let tries = 0; ; tries += 1) {
    try {
      await fetch(`http://127.0.0.1:${entries[1]}/api/v1/me`);
      break;
    } catch (error) {
      if (tries > 100 || nginx.exitCode !== null) throw new Error(`nginx did not start: ${errors}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return { nginx, urls: entries.map((port) => `http://127.0.0.1:${port}`) };
}

/**
 * The requests that came in through `entry` and are over, by nginx's log: method, path and
 * the instances tried (`127.0.0.1:port`, the one that answered last).
 */
function requestsThrough(entry) {
  const port = new URL(entry).port;
  return readFileSync(join(cluster.dir, 'access.log'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith(`${port} `))
    .map((line) => {
      const [, method, path, ...tried] = line.split(' ');
      return { method, path, tried: tried.join(' ').split(', ') };
    });
}

const isSend = (request) => request.method === 'POST' && /\/messages$/.test(request.path);

before(async () => {
  cluster.dir = mkdtempSync(join(tmpdir(), 'parlons-instances-'));
  // nginx's workers run as an unprivileged user: they must be able to write here.
  chmodSync(cluster.dir, 0o777);
  const database = createDatabase();
  cluster.ports = [await freePort(), await freePort()];
  cluster.servers = [];
  // One after the other: the first loads the demo data, the second finds it there.
  for (const [index, port] of cluster.ports.entries()) {
    const data = join(cluster.dir, `instance-${index}`);
    cluster.servers.push(await spawnServer(port, data, ['--database', database]));
  }
  const { nginx, urls } = await startNginx(cluster.dir, cluster.ports);
  cluster.nginx = nginx;
  cluster.entries = urls;
  cluster.browser = await launchBrowser();
});

after(async () => {
  await cluster.browser?.close();
  cluster.nginx?.kill('SIGTERM');
  for (const server of cluster.servers ?? []) server.kill('SIGKILL');
  rmSync(cluster.dir, { recursive: true, force: true });
});

test('two instances behind nginx: sent through one, received through the other, and a killed instance\'s browser reconnects through the other without losing anything', async () => {
  const [first, second] = cluster.ports.map((port) => `127.0.0.1:${port}`);
  // Bruno comes in through the entry that prefers the first instance, David through the one
  // that prefers the second.
  const bruno = await logIn(cluster.browser, { url: cluster.entries[0] }, USERS.bruno);
  const david = await logIn(cluster.browser, { url: cluster.entries[1] }, USERS.david);
  await bruno.page.locator('.conversation-link', { hasText: 'David Roux' }).click();
  await david.page.locator('.conversation-link', { hasText: 'Bruno Martin' }).first().click();
  const brunoComposer = bruno.page.getByLabel('Write a message');
  const davidComposer = david.page.getByLabel('Write a message');
  await brunoComposer.waitFor();
  await davidComposer.waitFor();

  // Sent through the first instance, seen live by David on the second, and the reverse.
  await brunoComposer.fill('Envoyé par la première instance');
  await brunoComposer.press('Enter');
  await david.page.locator('.message-body', { hasText: 'Envoyé par la première instance' }).waitFor();
  await davidComposer.fill('Reçu sur la seconde, réponse envoyée par elle');
  await davidComposer.press('Enter');
  await bruno.page.locator('.message-body', { hasText: 'Reçu sur la seconde, réponse envoyée par elle' }).waitFor();
  // Each came through their own entry to its instance, the send included.
  const brunoRequests = requestsThrough(cluster.entries[0]);
  const davidRequests = requestsThrough(cluster.entries[1]);
  assert.ok(brunoRequests.some(isSend) && davidRequests.some(isSend));
  assert.deepEqual([...new Set(brunoRequests.flatMap((r) => r.tried))], [first]);
  assert.deepEqual([...new Set(davidRequests.flatMap((r) => r.tried))], [second]);

  // The second instance dies. Bruno keeps sending through the first meanwhile.
  cluster.servers[1].kill('SIGKILL');
  const meanwhile = ['Pendant la panne, un', 'Pendant la panne, deux', 'Pendant la panne, trois'];
  for (const text of meanwhile) {
    await brunoComposer.fill(text);
    await brunoComposer.press('Enter');
    await bruno.page.locator('.message-body', { hasText: text }).waitFor();
  }

  // David's browser reconnects through nginx to the first instance and gets each of them,
  // once and in order, without reloading the page.
  for (const text of meanwhile) {
    await david.page.locator('.message-body', { hasText: text }).waitFor({ timeout: 30_000 });
  }
  const bodies = await david.page.locator('article.message .message-body').allTextContents();
  const received = bodies.filter((body) => body.startsWith('Pendant la panne'));
  assert.deepEqual(received, meanwhile, 'each once, in order');
  // The stream David had on the second instance ended with it.
  const cut = requestsThrough(cluster.entries[1]).filter((r) => r.path === '/api/v1/events');
  assert.deepEqual(cut.map((r) => r.tried.at(-1)), [second]);

  // And what David sends now goes through the first instance to Bruno.
  await davidComposer.fill('Toujours là, par la première');
  await davidComposer.press('Enter');
  await bruno.page.locator('.message-body', { hasText: 'Toujours là, par la première' }).waitFor();
  const lastSend = requestsThrough(cluster.entries[1]).filter(isSend).at(-1);
  assert.equal(lastSend.tried.at(-1), first);
  await david.page.screenshot({ path: join(ARTIFACTS, 'instances-failover.png') });
  assert.deepEqual(david.problems.filter((p) => !p.includes('net::ERR') && !p.includes('502') && !p.includes('503')), []);
  assert.deepEqual(bruno.problems, []);
  await bruno.context.close();
  await david.context.close();
});
