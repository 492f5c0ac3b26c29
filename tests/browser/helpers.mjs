// Helpers of the browser tests: reading the demo curriculum's right answers,
// the mails a server wrote to its folder, and accessibility checks.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './server.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The labels of the right choices of a module's quiz, from the shipped file. */
export function rightAnswers(file, code) {
  const text = readFileSync(join(ROOT, 'assets', 'curricula', file), 'utf8');
  const start = text.indexOf(`code = "${code}"`);
  const end = text.indexOf('[[modules]]', start);
  const block = text.slice(start, end === -1 ? undefined : end);
  return [...block.matchAll(/\{ label = "([^"]+)", correct = true \}/g)].map((m) => m[1]);
}

function decodeMail(raw) {
  const qp = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
  let text = Buffer.from(qp, 'latin1').toString('utf8');
  for (const m of raw.matchAll(/Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/g)) {
    text += Buffer.from(m[1].replace(/\s/g, ''), 'base64').toString('utf8');
  }
  return text;
}

/** The mails written for `email` (no SMTP server: .eml files in the data folder). */
export function mailsTo(server, email) {
  const dir = join(server.dataDir, 'mail');
  let files = [];
  try { files = readdirSync(dir); } catch { return []; }
  return files.map((f) => readFileSync(join(dir, f), 'utf8')).filter((raw) => raw.includes(email)).map(decodeMail);
}

export async function waitFor(what, check, timeout = 15000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export async function signIn(page, server, role) {
  const { email, password } = server.accounts[role];
  return signInAs(page, server, email, password);
}

export async function signInAs(page, server, email, password) {
  await page.goto(`${server.base}/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  // The app goes to `/` and from there to the role's first screen: wait for
  // that one, or the test's next navigation races the app's own.
  await page.waitForURL((url) => url.pathname !== '/login' && url.pathname !== '/');
  await page.waitForLoadState('networkidle');
}

/** Runs axe-core on the page; fails listing every violation. */
export async function expectAccessible(page, label) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const problems = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  assert.deepEqual(problems, [], `${label}: axe-core violations`);
  // Every label this screen showed was in its page's word list (shared::i18n notes the others).
  const missing = await page.evaluate(() => [...new Set(window.cursusMissingWords ?? [])]);
  assert.deepEqual(missing, [], `${label}: words missing from the page's word list (key numbers)`);
}

/** Status of a fetch made by the page itself, with its cookies and CSRF header. */
export async function apiStatus(page, path) {
  return page.evaluate(async (p) => (await fetch(p, { headers: { Accept: 'application/json' } })).status, path);
}
