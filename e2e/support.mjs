// Starts the real server on a fresh database with the demo data, and a real Chromium.

import { spawn } from 'node:child_process';
import { after, before } from 'node:test';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Demo users (crates/server/src/demo.rs). */
export const USERS = {
  alice: { email: 'alice@durand-construction.example', name: 'Alice Durand' },
  bruno: { email: 'bruno@durand-construction.example', name: 'Bruno Martin' },
  chloe: { email: 'chloe@durand-construction.example', name: 'Chloé Bernard' },
  david: { email: 'david@roux-plomberie.example', name: 'David Roux' },
  emma: { email: 'emma@petit-electricite.example', name: 'Emma Petit' },
  farid: { email: 'farid@haddad-charpente.example', name: 'Farid Haddad' },
};
export const DEMO_PASSWORD = 'parlons-demo';

/** Where screenshots go (not committed). */
export const ARTIFACTS = join(root, 'e2e', 'artifacts');

export async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/**
 * Runs `parlons-server --demo` on `port` with `data` (and `args`, e.g. `--database`);
 * resolves once it says it is ready.
 */
export async function spawnServer(port, data, args = []) {
  const binary = process.env.PARLONS_SERVER_BIN;
  if (!binary) throw new Error('PARLONS_SERVER_BIN must name the built parlons-server binary');
  const dist = process.env.PARLONS_DIST ?? join(root, 'dist');
  const child = spawn(binary, ['--addr', `127.0.0.1:${port}`, '--data', data, '--dist', dist, '--demo', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: 'warn' },
  });
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const look = (chunk) => {
      output += chunk;
      if (output.includes('Parlons is ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return child;
}

/**
 * Starts `parlons-server --demo` on a free port and a fresh database. `kill()` kills it
 * (SIGKILL, as a crash would) and `start()` brings it back on the same port and database.
 */
export async function startServer({ demoHost = false } = {}) {
  const data = mkdtempSync(join(tmpdir(), 'parlons-e2e-'));
  const port = await freePort();
  // The demo host page (an RFI page with the item panel), on a second origin.
  const hostPort = demoHost ? await freePort() : null;
  const args = demoHost ? ['--demo-host', `127.0.0.1:${hostPort}`] : [];
  let child = await spawnServer(port, data, args);
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    hostUrl: hostPort && `http://127.0.0.1:${hostPort}`,
    kill,
    async start() {
      child = await spawnServer(port, data, args);
    },
    async stop() {
      await kill();
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchBrowser() {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** What the login page says, by language. */
export const LABELS = {
  en: { email: 'E-mail', password: 'Password', logIn: 'Log in', write: 'Write a message', back: 'Back to conversations' },
  fr: { email: 'Adresse e-mail', password: 'Mot de passe', logIn: 'Se connecter', write: 'Écrire un message', back: 'Retour aux conversations' },
};

/**
 * A browser session (its own cookies) logged in as `user` through the login page, in a
 * browser whose language is `language` ('en' or 'fr').
 */
export async function logIn(browser, server, user, { viewport = { width: 1280, height: 800 }, language = 'en' } = {}) {
  const labels = LABELS[language];
  const context = await browser.newContext({ viewport, locale: language === 'fr' ? 'fr-FR' : 'en-GB' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.goto(`${server.url}/`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel(labels.email).fill(user.email);
  await page.getByLabel(labels.password).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: labels.logIn }).click();
  await page.locator('.sidebar .conversation-link').first().waitFor();
  // Before logging in, the app's "who am I?" is answered 401, which Chromium logs: expected.
  problems.length = 0;
  return { context, page, problems, labels };
}

/**
 * The server and the browser of one test file: started before its tests, stopped after.
 * `world.logIn(user, options)` logs in with them (see `logIn`); `world.server.url` is where.
 */
export function testWorld(options) {
  const world = {
    server: null,
    browser: null,
    logIn: (user, options) => logIn(world.browser, world.server, user, options),
  };
  before(async () => {
    world.server = await startServer(options);
    world.browser = await launchBrowser();
  });
  after(async () => {
    await world.browser?.close();
    await world.server?.stop();
  });
  return world;
}

const AXE = readFileSync(join(root, 'e2e', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/**
 * Checks the page as it stands against WCAG 2.1 A and AA with axe-core (from npm), and fails
 * on any serious or critical violation, naming the rule and the elements.
 */
export async function assertAccessible(page, screen) {
  // Evaluated by the test driver: the app's Content-Security-Policy refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 6).map((n) => `${n.target.join(' ')} — ${n.failureSummary.replace(/\n\s*/g, ' ')}`).join('\n    ')}`);
  });
  if (violations.length === 0) return;
  const report = `accessibility of ${screen}:\n  ${violations.join('\n  ')}`;
  // AXE_REPORT=1 lists every screen's violations in one run instead of stopping at the first.
  if (process.env.AXE_REPORT) console.log(report);
  else throw new Error(report);
}
