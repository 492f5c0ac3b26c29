// The learner's app without a connection: a module and the document it opened
// read again, a quiz and an assignment with its file answered offline and
// counted once when the network returns, and a new build of the app taking
// over from the kept one.
//
// The connection is cut for real: the browser talks to the server through a
// TCP relay that the test can cut, so the service worker's own requests fail
// as they would on a phone (Playwright's offline mode leaves service workers
// online). `context.setOffline` is set with it, so the page sees
// `navigator.onLine` and the `online` event as it would.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectAccessible, rightAnswers, signIn, waitFor } from './helpers.mjs';
import { ROOT, startServer } from './server.mjs';

const MODULE = 'Gouvernance interne et vie associative';

/**
 * A relay to the server that the test can cut and restore, and slow down like
 * a mobile link: `rtt` ms of round trip (also paid to open a connection) and
 * `down`/`up` bits per second shared by all connections, in each direction.
 */
async function networkSwitch({ rtt = 0, down = 0, up = 0 } = {}) {
  const sockets = new Set();
  let cut = false;
  let target = 0;
  const links = { down: { rate: down / 8000, freeAt: 0 }, up: { rate: up / 8000, freeAt: 0 } };
  // Delivers chunks in order, after the link has carried them and half a round trip.
  const carry = (from, to, link) => from.on('data', (chunk) => {
    if (!link.rate && !rtt) { to.write(chunk); return; }
    const start = Math.max(Date.now(), link.freeAt);
    link.freeAt = start + (link.rate ? chunk.length / link.rate : 0);
    setTimeout(() => { if (!to.destroyed) to.write(chunk); }, link.freeAt + rtt / 2 - Date.now());
  });
  const relay = createServer((client) => {
    if (cut || !target) { client.destroy(); return; }
    client.pause();
    const upstream = connect(target, '127.0.0.1');
    const close = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    for (const s of [client, upstream]) { sockets.add(s); s.on('error', close); s.on('close', close); }
    carry(client, upstream, links.up);
    carry(upstream, client, links.down);
    // Opening a connection costs a round trip.
    setTimeout(() => client.resume(), rtt);
  });
  await new Promise((ok) => relay.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${relay.address().port}`;
  return {
    base,
    to(server) { target = Number(new URL(server.base).port); return { base, accounts: server.accounts }; },
    cut() { cut = true; for (const s of sockets) s.destroy(); sockets.clear(); },
    restore() { cut = false; },
    close() { this.cut(); return new Promise((ok) => relay.close(ok)); },
  };
}

/** The demo learner passes TK-01 straight from the test (another device), past the relay. */
async function passFromElsewhere(server, right) {
  const { email, password } = server.accounts.learner;
  const call = async (path, { method = 'GET', body, cookie, csrf } = {}) => {
    const headers = { Accept: 'application/json' };
    if (body) headers['Content-Type'] = 'application/json';
    if (cookie) headers.Cookie = cookie;
    if (csrf) headers['X-CSRF-Token'] = csrf;
    const response = await fetch(`${server.base}${path}`, { method, headers, body: body && JSON.stringify(body) });
    assert.ok(response.ok, `${method} ${path}: ${response.status}`);
    return response;
  };
  const login = await call('/api/v1/auth/login', { method: 'POST', body: { email, password } });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrf_token: csrf } = await login.json();
  const progress = await (await call('/api/v1/me/progress', { cookie })).json();
  const tk01 = progress.modules.find((m) => m.module.code === 'TK-01').module.id;
  const quiz = await (await call(`/api/v1/modules/${tk01}/assessment`, { cookie })).json();
  const answers = quiz.questions.map((q) => ({ question_id: q.id, choice_ids: q.choices.filter((c) => right.includes(c.label)).map((c) => c.id) }));
  await call(`/api/v1/assessments/${quiz.id}/attempts`, { method: 'POST', body: { answers }, cookie, csrf });
}

/** An administrator adds a document to module `code` straight from the test, past the relay. */
async function addDocument(server, code, name, bytes) {
  const { email, password } = server.accounts.admin;
  const login = await fetch(`${server.base}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
  assert.ok(login.ok, `admin sign-in: ${login.status}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrf_token: csrf } = await login.json();
  const programmes = await (await fetch(`${server.base}/api/v1/programmes?per_page=100`, { headers: { Cookie: cookie } })).json();
  const takwia = programmes.items.find((p) => p.code === 'TAKWIA');
  const detail = await (await fetch(`${server.base}/api/v1/programmes/${takwia.id}`, { headers: { Cookie: cookie } })).json();
  const module = detail.modules.find((m) => m.code === code);
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), name);
  const added = await fetch(`${server.base}/api/v1/modules/${module.id}/documents`, { method: 'POST', headers: { Cookie: cookie, 'X-CSRF-Token': csrf }, body: form });
  assert.equal(added.status, 201, `document upload: ${await added.text()}`);
}

/** Runs `test` against a fresh server reached through a relay, and stops both after. */
async function behindRelay(link, env, test) {
  const net = await networkSwitch(link);
  const server = await startServer({ CURSUS_BASE_URL: net.base, ...env });
  try {
    await test({ net, server, site: net.to(server) });
  } finally {
    await server.stop();
    await net.close();
  }
}

/** The demo learner opens TK-01 on a later visit, every read passing through the worker. */
async function openModuleThroughWorker(page, site) {
  await signIn(page, site, 'learner');
  await page.goto(`${site.base}/learn`);
  await controlled(page);
  await page.reload();
  await page.getByRole('link', { name: MODULE }).click();
  await page.locator('fieldset.question').first().waitFor();
}

async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 20000 });
}

/** How many assignment files wait in the device's IndexedDB. */
function keptFiles(page) {
  return page.evaluate(() => new Promise((ok, fail) => {
    const open = indexedDB.open('cursus');
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const database = open.result;
      if (!database.objectStoreNames.contains('files')) { database.close(); ok(0); return; }
      const count = database.transaction('files').objectStore('files').count();
      count.onsuccess = () => { database.close(); ok(count.result); };
      count.onerror = () => fail(count.error);
    };
  }));
}

async function offline(context, net) {
  net.cut();
  await context.setOffline(true);
}

async function online(context, net) {
  net.restore();
  await context.setOffline(false);
}

export const offlineTests = {
  async 'a learner reads a module and its document offline, answers its quiz offline, and it counts once when the network returns'({ context, shots }) {
    await behindRelay({}, {}, async ({ net, server, site }) => {
      const guide = Buffer.from('%PDF-1.4\n% Guide de la gouvernance — دليل\n' + 'g'.repeat(50_000));
      await addDocument(server, 'TK-01', 'Guide de la gouvernance.pdf', guide);
      const page = await context.newPage();
      await openModuleThroughWorker(page, site);
      const moduleId = Number(new URL(page.url()).pathname.split('/').pop());
      const account = await page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).account.id);
      // The learner opens the module's document while online.
      const documentUrl = await page.getByRole('link', { name: /Guide de la gouvernance\.pdf/ }).getAttribute('href');
      const read = (url) => page.evaluate(async (url) => {
        const response = await fetch(url);
        return { status: response.status, size: (await response.arrayBuffer()).byteLength, saved: response.headers.has('x-cursus-saved-at') };
      }, url);
      assert.deepEqual(await read(documentUrl), { status: 200, size: guide.length, saved: false });

      // The connection goes; the module opens again from the device.
      await offline(context, net);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: MODULE }).waitFor();
      await page.getByText(/Hors connexion : vous lisez la copie enregistrée sur cet appareil/).waitFor();
      assert.ok(await page.locator('.prose').count() > 0, 'the module content is shown offline');
      // And so does the document it opened, from the copy kept on the device.
      assert.deepEqual(await read(documentUrl), { status: 200, size: guide.length, saved: true });

      // The quiz is answered offline: kept, and said to be waiting.
      for (const label of rightAnswers('takwia.toml', 'TK-01')) await page.getByText(label, { exact: true }).click();
      await page.getByRole('button', { name: 'Envoyer' }).click();
      await page.getByText(/En attente d'envoi/).first().waitFor();
      assert.equal(await page.getByText('Service momentanément indisponible').count(), 0, 'the server is not blamed');
      const waiting = await page.evaluate((id) => JSON.parse(localStorage.getItem(`cursus.outbox.${id}`) || '[]'), account);
      assert.equal(waiting.length, 1, 'one submission kept on the device');
      // Still waiting after the page is opened again offline.
      await page.reload();
      await page.getByText(/En attente d'envoi/).first().waitFor();
      assert.equal(await page.locator('form fieldset.question').first().isVisible(), false, 'no second copy of the form to send twice');
      await expectAccessible(page, 'module offline, answers waiting');
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth);
      assert.ok(scroll, 'the waiting screen fits 360 px');
      await page.screenshot({ path: join(shots, 'offline-waiting.png'), fullPage: true });

      // The network returns: sent once, the pass is shown.
      await online(context, net);
      await page.getByText(/envoyées hors connexion, ont été reçues/).waitFor();
      await page.getByText('Module réussi : bravo !').waitFor();
      await expectAccessible(page, 'module after an offline submission');
      await page.screenshot({ path: join(shots, 'offline-sent.png'), fullPage: true });
      const after = await page.evaluate(async ([id, moduleId]) => ({
        waiting: localStorage.getItem(`cursus.outbox.${id}`),
        attempts: (await (await fetch(`/api/v1/modules/${moduleId}/assessment`)).json()).attempts.length,
      }), [account, moduleId]);
      assert.equal(after.waiting, null, 'nothing left waiting');
      assert.equal(after.attempts, 1, 'exactly one attempt recorded');

      // The same request again (a phone that never saw the answer): nothing changes.
      const replay = await page.evaluate(async ([moduleId, pending]) => {
        const csrf = (await (await fetch('/api/v1/me')).json()).csrf_token;
        const quiz = (await (await fetch(`/api/v1/modules/${moduleId}/assessment`)).json()).id;
        const response = await fetch(`/api/v1/assessments/${quiz}/attempts`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, 'Idempotency-Key': pending.key },
          body: JSON.stringify(pending.request),
        });
        const attempts = (await (await fetch(`/api/v1/modules/${moduleId}/assessment`)).json()).attempts;
        const progress = await fetch('/api/v1/me/progress');
        return { status: response.status, attempts: attempts.length, completions: (await progress.json()).completed, fromCopy: progress.headers.has('x-cursus-saved-at') };
      }, [moduleId, waiting[0]]);
      assert.deepEqual(replay, { status: 200, attempts: 1, completions: 1, fromCopy: false });
    });
  },

  async 'an answer kept offline that the server refuses when the network returns is said so, and counts for nothing'({ context, shots }) {
    await behindRelay({}, {}, async ({ net, server, site }) => {
      const page = await context.newPage();
      await openModuleThroughWorker(page, site);

      await offline(context, net);
      const right = rightAnswers('takwia.toml', 'TK-01');
      for (const question of await page.locator('fieldset.question').all()) {
        const labels = await question.locator('label').allTextContents();
        await question.getByText(labels.find((l) => !right.includes(l)), { exact: true }).click();
      }
      await page.getByRole('button', { name: 'Envoyer' }).click();
      await page.getByText(/En attente d'envoi/).first().waitFor();

      // Meanwhile, from another device, the learner passes the module.
      await passFromElsewhere(server, right);

      await online(context, net);
      await page.getByText(/envoyées hors connexion, n'ont pas été enregistrées : Module déjà terminé/).waitFor();
      await page.screenshot({ path: join(shots, 'offline-refused.png'), fullPage: true });
      await page.getByText('Module réussi : bravo !').waitFor();
      const attempts = await page.evaluate(async () => {
        const progress = await (await fetch('/api/v1/me/progress')).json();
        const tk01 = progress.modules.find((m) => m.module.code === 'TK-01').module.id;
        return (await (await fetch(`/api/v1/modules/${tk01}/assessment`)).json()).attempts.map((a) => a.passed);
      });
      assert.deepEqual(attempts, [true], 'only the other device\'s attempt is recorded');
    });
  },

  async 'an assignment and its file sent offline wait on the device and are recorded once, file included, when the network returns'({ context, shots }) {
    await behindRelay({}, {}, async ({ net, server, site }) => {
      // TK-01 passed (on another device): its assignment TK-02 is open.
      await passFromElsewhere(server, rightAnswers('takwia.toml', 'TK-01'));
      const page = await context.newPage();
      await signIn(page, site, 'learner');
      await page.goto(`${site.base}/learn`);
      await controlled(page);
      await page.reload();
      await page.getByRole('link', { name: 'Planification stratégique' }).click();
      await page.locator('#answer-file').waitFor();
      const moduleId = Number(new URL(page.url()).pathname.split('/').pop());
      const account = await page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).account.id);

      await offline(context, net);
      const text = 'Mission : former les membres. Objectif 1 : deux formations par an.';
      const file = Buffer.from('%PDF-1.4\n% Plan stratégique — خطة\n' + 'x'.repeat(200_000));
      const name = 'Plan stratégique — خطة.pdf';
      await page.fill('#answer-text', text);
      await page.setInputFiles('#answer-file', { name, mimeType: 'application/pdf', buffer: file });
      await page.getByRole('button', { name: 'Envoyer' }).click();
      await page.getByText(/En attente d'envoi/).first().waitFor();
      const waiting = await page.evaluate((id) => JSON.parse(localStorage.getItem(`cursus.outbox.${id}`) || '[]'), account);
      assert.equal(waiting.length, 1, 'one submission kept on the device');
      assert.equal(waiting[0].file, name, 'with its file named');
      // The page opened again offline: the file still waits (it is not in the page's memory).
      await page.reload();
      await page.getByText(/En attente d'envoi/).first().waitFor();
      assert.equal(await keptFiles(page), 1, 'the file is kept on the device');
      await page.screenshot({ path: join(shots, 'offline-assignment-waiting.png'), fullPage: true });

      await online(context, net);
      await page.getByText(/envoyées hors connexion, ont été reçues/).waitFor();
      const after = await page.evaluate(async (moduleId) => {
        const attempts = (await (await fetch(`/api/v1/modules/${moduleId}/assessment`)).json()).attempts;
        const stored = attempts[0]?.file_url ? new Uint8Array(await (await fetch(attempts[0].file_url)).arrayBuffer()) : null;
        return { attempts: attempts.length, text: attempts[0]?.text, name: attempts[0]?.file_name, status: attempts[0]?.status, size: stored?.length, head: stored && new TextDecoder().decode(stored.slice(0, 8)) };
      }, moduleId);
      assert.deepEqual(after, { attempts: 1, text, name, status: 'submitted', size: file.length, head: '%PDF-1.4' });
      assert.equal(await keptFiles(page), 0, 'the kept file is forgotten once delivered');
      assert.equal(await page.evaluate((id) => localStorage.getItem(`cursus.outbox.${id}`), account), null, 'nothing left waiting');

      // The same request again (a phone that never saw the answer): nothing changes.
      const replay = await page.evaluate(async ([moduleId, pending, bytes]) => {
        const csrf = (await (await fetch('/api/v1/me')).json()).csrf_token;
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(bytes)]), pending.file);
        form.append('text', pending.request.text);
        const response = await fetch(`/api/v1/assessments/${pending.assessment}/attempts`, { method: 'POST', headers: { 'X-CSRF-Token': csrf, 'Idempotency-Key': pending.key }, body: form });
        const attempts = (await (await fetch(`/api/v1/modules/${moduleId}/assessment`)).json()).attempts;
        return { status: response.status, attempts: attempts.length };
      }, [moduleId, waiting[0], [...file.subarray(0, 64)]]);
      assert.deepEqual(replay, { status: 200, attempts: 1 });
    });
  },

  async 'a new build of the app is picked up on the next visit and kept whole for offline use'({ context }) {
    const web = mkdtempSync(join(tmpdir(), 'cursus-web-'));
    cpSync(join(ROOT, 'frontend', 'dist'), web, { recursive: true });
    try {
      await behindRelay({}, { CURSUS_WEB_DIR: web }, async ({ net, site }) => {
        const page = await context.newPage();
        await signIn(page, site, 'learner');
        await page.goto(`${site.base}/learn`);
        await controlled(page);
        const build = () => page.getAttribute('meta[name=cursus-build]', 'content');
        const first = await build();
        assert.match(first, /^[0-9a-f]{12}$/);

        // A new build is deployed: new bundle paths, a new worker.
        const next = [...first].reverse().join('') === first ? `0${first.slice(1)}` : [...first].reverse().join('');
        cpSync(join(web, 'pkg', first), join(web, 'pkg', next), { recursive: true });
        for (const suffix of ['', '.br']) cpSync(join(web, 'assets', `app-${first}.css${suffix}`), join(web, 'assets', `app-${next}.css${suffix}`));
        for (const file of ['index.html', 'account.html', 'staff.html', 'entry.html', 'sw.js']) {
          const text = readFileSync(join(web, file), 'utf8').replaceAll(first, next);
          writeFileSync(join(web, file), text);
          rmSync(join(web, `${file}.br`), { force: true });
        }

        // This visit still runs the kept build, whole, while the browser
        // installs the new worker; the next visit runs the new build.
        await page.reload();
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        assert.equal(await build(), first, 'a visit never switches builds half-way');
        await waitFor('the new worker to replace the kept shell', () => page.evaluate(async (n) => {
          const shells = (await caches.keys()).filter((k) => k.startsWith('cursus-shell-'));
          return shells.length === 1 && shells[0] === `cursus-shell-${n}`;
        }, next), 20000);
        await page.reload();
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        assert.equal(await build(), next, 'the next visit runs the new build');

        // Offline, the app opens as the new build, bundle and page together.
        await offline(context, net);
        await page.reload();
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        assert.equal(await build(), next);
        const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/pkg/')));
        assert.ok(scripts.length > 0 && scripts.every((s) => s.includes(`/pkg/${next}/`)), `no mix of builds: ${scripts.join(', ')}`);
      });
    } finally {
      rmSync(web, { recursive: true, force: true });
    }
  },

  async 'on a 3G connection the map opens within 4 s the first time and 1 s from the kept copy'({ browser }) {
    // 1.6 Mbps down, 750 kbps up, 300 ms round trip, for the page and its service worker alike.
    await behindRelay({ rtt: 300, down: 1_600_000, up: 750_000 }, {}, async ({ site }) => {
      const setup = await browser.newContext();
      await signIn(await setup.newPage(), site, 'learner');
      const { cookies } = await setup.storageState();
      await setup.close();
      // A phone that has signed in but kept nothing else: no cache, no worker.
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', storageState: { cookies, origins: [] } });
      const page = await context.newPage();
      const mapShown = () => page.locator('a.module-title').first().waitFor({ timeout: 30000 });
      const timeline = [];
      page.on('requestfinished', (r) => timeline.push(`${Date.now() - started} ms ${r.url().replace(site.base, '')}`));
      let started = Date.now();
      await page.goto(`${site.base}/learn`, { waitUntil: 'commit' });
      await mapShown();
      const cold = Date.now() - started;
      await controlled(page);
      await page.waitForLoadState('networkidle');
      timeline.push('-- from the kept copy');
      started = Date.now();
      await page.reload({ waitUntil: 'commit' });
      await mapShown();
      const kept = Date.now() - started;
      console.log(`     3G map: ${cold} ms the first time, ${kept} ms from the kept copy`);
      if (process.env.CURSUS_3G_TIMELINE) console.log(timeline.join("\n"));
      assert.ok(cold <= 4000, `first visit took ${cold} ms`);
      assert.ok(kept <= 1000, `visit from the kept copy took ${kept} ms:\n${timeline.join('\n')}`);
      await context.close();
    });
  },
};
