// The browser tests. Each receives a fresh server ({ base, accounts }) and a
// browser context (a 360-pixel-wide phone, French).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export async function signIn(page, server, role) {
  const { email, password } = server.accounts[role];
  await page.goto(`${server.base}/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Runs axe-core on the page; fails listing every violation. */
export async function expectAccessible(page, label) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const problems = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  assert.deepEqual(problems, [], `${label}: axe-core violations`);
}

export const tests = {
  async 'sign in and out, with a wrong password refused in place'({ context, server }) {
    const page = await context.newPage();
    await page.goto(`${server.base}/`);
    await page.waitForSelector('#email');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
    await page.fill('#email', server.accounts.learner.email);
    await page.fill('#password', 'pas le bon mot de passe');
    await page.click('button[type=submit]');
    await page.getByText('Adresse e-mail ou mot de passe incorrect.').waitFor();
    await page.fill('#password', server.accounts.learner.password);
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: /Bienvenue, Aïcha Ould Ahmed/ }).waitFor();
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL('**/login');
  },

  async 'the form shows the server\'s validation rules before sending'({ context, server }) {
    const page = await context.newPage();
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST') posted += 1; });
    await page.goto(`${server.base}/login`);
    await page.fill('#email', 'pas-une-adresse');
    await page.fill('#password', 'x');
    await page.click('button[type=submit]');
    await page.getByText('Adresse e-mail invalide.').waitFor();
    assert.equal(posted, 0, 'nothing was sent');
  },

  async 'the Arabic interface is right-to-left and the choice is kept'({ context, server, shots }) {
    const page = await context.newPage();
    await signIn(page, server, 'learner');
    await page.selectOption('.lang select', 'ar');
    await page.getByRole('heading', { name: /مرحبًا/ }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ar');
    // The brand sits on the right in a mirrored layout.
    const brand = await page.locator('.brand').boundingBox();
    assert.ok(brand.x > 180, `brand at x=${brand.x}`);
    await page.screenshot({ path: join(shots, 'home-ar.png') });
    await page.reload();
    await page.getByRole('heading', { name: /مرحبًا/ }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  },

  async 'the sign-in screen has no accessibility violation'({ context, server }) {
    const page = await context.newPage();
    await page.goto(`${server.base}/login`);
    await page.waitForSelector('#email');
    await expectAccessible(page, 'login');
    await signIn(page, server, 'admin');
    await expectAccessible(page, 'home');
  },

  async 'the first load is under 250 KB with brotli'({ context, server }) {
    const page = await context.newPage();
    const client = await context.newCDPSession(page);
    await client.send('Network.enable');
    let bytes = 0;
    client.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
    await page.goto(`${server.base}/login`, { waitUntil: 'networkidle' });
    await page.waitForSelector('#email');
    assert.ok(bytes > 10_000, `measured ${bytes} bytes`);
    assert.ok(bytes <= 250 * 1024, `first load transferred ${bytes} bytes`);
    console.log(`     first load: ${bytes} bytes transferred`);
  },
};
