// Browser tests of in-person workshops: a trainer runs a session from a phone
// (in Tunis's time zone) — plans it, shows the check-in QR code, sees
// two learners arrive from their own phones, corrects one, loses the
// connection while marking another and gets it sent when it returns — and
// prints the sign-in sheet.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectAccessible, signIn, signInAs, waitFor } from './helpers.mjs';

/** A client of the API signed in as `email` (Node's fetch, cookie and CSRF by hand). */
async function api(server, email, password) {
  const login = await fetch(`${server.base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }),
  });
  assert.equal(login.status, 200, `sign in as ${email}`);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await login.json();
  return async (method, path, body) => {
    const r = await fetch(`${server.base}${path}`, {
      method, headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf }, body: body && JSON.stringify(body),
    });
    assert.ok(r.ok, `${method} ${path}: ${r.status} ${await r.clone().text()}`);
    return r.status === 204 ? null : r.json();
  };
}

/** `date` as a datetime-local field shows it in `zone`. */
function localInput(date, zone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

const ZONE = 'Africa/Tunis';

export const workshopTests = {
  async 'a trainer runs a session from a phone: QR check-in, a correction, offline marks sent once, the sign-in sheet'({ browser, server, shots }) {
    const admin = await api(server, server.accounts.admin.email, server.accounts.admin.password);
    const cohorts = await admin('GET', '/api/v1/cohorts');
    const cohort = cohorts.items.find((c) => c.name.startsWith('Takwia'));
    const amina = await admin('POST', '/api/v1/accounts', {
      email: 'amina@kenitra.example.ma', full_name: 'أمينة بن علي', role: 'learner', password: 'une phrase de passe solide',
    });
    await admin('POST', `/api/v1/cohorts/${cohort.id}/enrolments`, { account_id: amina.id });

    const phone = { viewport: { width: 360, height: 740 }, locale: 'fr-FR', timezoneId: ZONE };
    const trainerContext = await browser.newContext(phone);
    const trainer = await trainerContext.newPage();
    await signIn(trainer, server, 'trainer');
    await trainer.goto(`${server.base}/cohorts/${cohort.id}`);
    // Planned in the room's time: started five minutes ago, Tunis time.
    const start = new Date(Date.now() - 5 * 60 * 1000);
    await trainer.fill('#title', 'Atelier gouvernance locale');
    await trainer.fill('#starts_at', localInput(start, ZONE));
    await trainer.fill('#duration_minutes', '180');
    await trainer.fill('#location', 'Maison des associations, Kénitra');
    await trainer.getByRole('button', { name: 'Ajouter la séance' }).click();
    await trainer.getByRole('link', { name: 'Atelier gouvernance locale' }).click();
    await trainer.getByRole('heading', { name: 'Atelier gouvernance locale' }).waitFor();
    const sessionId = Number(new URL(trainer.url()).pathname.split('/').pop());
    const stored = (await admin('GET', `/api/v1/cohorts/${cohort.id}/sessions`)).find((s) => s.id === sessionId);
    assert.ok(Math.abs(new Date(stored.starts_at) - start) < 60 * 1000, `the local time was stored as the right moment: ${stored.starts_at}`);
    await expectAccessible(trainer, 'the attendance sheet at 360 px');

    await trainer.getByRole('button', { name: "Afficher le QR d'émargement" }).click();
    let code = await waitFor('the code', async () => (await trainer.locator('.qr-code').textContent())?.trim());
    assert.match(code, /^[A-Z2-7]{8}$/);
    assert.equal(await trainer.locator('.qr svg path').count(), 1, 'the QR code is drawn');
    // The code changes every 30 seconds: shoot until the code shown is the same before and after.
    for (let shot = 0; shot < 3; shot += 1) {
      await trainer.screenshot({ path: join(shots, 'check-in-qr.png') });
      if ((await trainer.locator('.qr-code').textContent()).trim() === code) break;
      code = (await trainer.locator('.qr-code').textContent()).trim();
    }
    // What a phone's camera sees on the trainer's screen opens the check-in page.
    const url = `${server.base}/check-in/${sessionId}/${code}`;
    const scanned = execFileSync('zbarimg', ['-q', '--raw', join(shots, 'check-in-qr.png')], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    assert.equal(scanned, url);

    // Two learners on their own phones: one signed in, one who signs in after scanning.
    const first = await (await browser.newContext(phone)).newPage();
    await signIn(first, server, 'learner');
    await first.goto(url);
    await first.getByText('Présence enregistrée : Atelier gouvernance locale').waitFor();
    await first.screenshot({ path: join(shots, 'check-in-learner.png') });
    const second = await (await browser.newContext(phone)).newPage();
    await second.goto(url);
    await second.waitForURL('**/login?next=*');
    await second.fill('#email', 'amina@kenitra.example.ma');
    await second.fill('#password', 'une phrase de passe solide');
    await second.click('button[type=submit]');
    await second.getByText('Présence enregistrée : Atelier gouvernance locale').waitFor();
    // The same code a second time is refused, clearly.
    await second.goto(url);
    await second.getByText('Votre présence à cette séance est déjà enregistrée').waitFor();

    // The trainer sees them arrive on the QR screen.
    await trainer.locator('.arrivals').getByText('Arrivé·es : 2').waitFor({ timeout: 20000 });
    await trainer.locator('.arrivals').getByText('أمينة بن علي').waitFor();
    await trainer.getByRole('button', { name: 'Fermer' }).click();
    const aminaRow = trainer.locator('ul.attendance li', { hasText: 'أمينة بن علي' });
    await aminaRow.getByText('par QR').waitFor();
    await aminaRow.locator('select').selectOption('late');
    await trainer.getByRole('button', { name: 'Enregistrer les présences' }).click();
    await trainer.getByText('Présences enregistrées').waitFor();

    // The connection drops: the mark waits on the phone, and goes once it is back.
    await trainerContext.setOffline(true);
    const rows = await trainer.locator('ul.attendance li').count();
    assert.equal(rows, 2);
    const other = trainer.locator('ul.attendance li').filter({ hasNotText: 'أمينة بن علي' });
    await other.locator('select').selectOption('excused');
    await trainer.getByRole('button', { name: 'Enregistrer les présences' }).click();
    await trainer.getByText(/En attente d'envoi : 1 modification/).waitFor();
    await trainer.screenshot({ path: join(shots, 'attendance-offline.png'), fullPage: true });
    await trainerContext.setOffline(false);
    await trainer.getByText('Présences enregistrées').waitFor();
    const sheet = await admin('GET', `/api/v1/sessions/${sessionId}/attendance`);
    const statuses = Object.fromEntries(sheet.learners.map((l) => [l.full_name, l.status]));
    assert.equal(statuses['أمينة بن علي'], 'late');
    assert.ok(Object.values(statuses).includes('excused'), JSON.stringify(statuses));
    const audit = await admin('GET', `/api/v1/audit?entity=cohort_session&entity_id=${sessionId}&per_page=50`);
    const excusals = audit.items.filter((i) => i.action === 'attendance.record' && (i.detail?.changes || []).some((c) => c.to === 'excused'));
    assert.equal(excusals.length, 1, 'the mark sent after the outage is recorded once');
    const width = await trainer.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the sheet fits a phone (${width} px)`);

    // The sign-in sheet, printed in Tunis's time, names both learners.
    const pdf = await trainer.request.get(`${server.base}${await trainer.getByRole('link', { name: "Feuille d'émargement (PDF)" }).getAttribute('href')}`);
    assert.equal(pdf.status(), 200);
    const file = join(server.dataDir, 'emargement.pdf');
    writeFileSync(file, await pdf.body());
    const text = execFileSync('pdftotext', [file, '-']).toString();
    assert.ok(text.includes('أمينة بن علي'), text);
    assert.ok(text.includes(localInput(start, ZONE).slice(11, 16)), `the start in the room's time: ${text}`);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', file, join(shots, 'sign-in-sheet')]);

    // The signed sheet, photographed with the phone, is kept with the session.
    const photo = Buffer.concat([Buffer.from([0xFF, 0xD8, 0xFF, 0xE0]), Buffer.from('feuille signée')]);
    await trainer.setInputFiles('#scan-file', { name: 'feuille-signee.jpg', mimeType: 'image/jpeg', buffer: photo });
    await trainer.getByRole('button', { name: 'Déposer' }).click();
    await trainer.getByRole('link', { name: 'feuille-signee.jpg' }).waitFor();

    // The same sheet in Arabic, at a phone's width.
    await trainer.selectOption('.lang select', 'ar');
    await trainer.getByRole('button', { name: 'حفظ الحضور' }).waitFor();
    const widthAr = await trainer.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(widthAr <= 360, `the Arabic sheet fits a phone (${widthAr} px)`);
    await expectAccessible(trainer, 'the attendance sheet in Arabic');
    await trainer.screenshot({ path: join(shots, 'attendance-ar.png'), fullPage: true });

    // On a laptop plugged into the room's projector, the code fills the screen.
    const wide = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', timezoneId: ZONE })).newPage();
    await signIn(wide, server, 'trainer');
    await wide.goto(`${server.base}/sessions/${sessionId}`);
    await wide.getByRole('button', { name: "Afficher le QR d'émargement" }).click();
    await wide.locator('.qr svg').waitFor();
    const side = await wide.locator('.qr').evaluate((e) => e.getBoundingClientRect().width);
    assert.ok(side >= 450, `a code large enough for the back of the room (${side} px)`);
    assert.ok(await wide.locator('.arrivals').getByText('Arrivé·es : 0').isVisible(), 'the arrivals stay in view under the code');
    await wide.screenshot({ path: join(shots, 'check-in-qr-desktop.png') });
  },

  async 'a learner sees their sessions and the address to subscribe to them'({ context, server, shots }) {
    const admin = await api(server, server.accounts.admin.email, server.accounts.admin.password);
    const cohort = (await admin('GET', '/api/v1/cohorts')).items.find((c) => c.name.startsWith('Takwia'));
    await admin('POST', `/api/v1/cohorts/${cohort.id}/sessions`, {
      title: 'Atelier plaidoyer', starts_at: '2027-03-15T09:00:00Z', duration_minutes: 120, location: 'Centre culturel',
    });
    const page = await context.newPage();
    await signIn(page, server, 'learner');
    await page.getByRole('link', { name: 'Mes séances' }).click();
    await page.getByText('Atelier plaidoyer').waitFor();
    await page.getByRole('button', { name: "S'abonner au calendrier" }).click();
    const link = await waitFor('the feed address', async () => page.locator('a[href^="webcal://"]').getAttribute('href').catch(() => null));
    const feed = await fetch(link.replace('webcal://', 'http://'));
    assert.equal(feed.status, 200);
    assert.match(await feed.text(), /SUMMARY:Atelier plaidoyer/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `my sessions fit a phone, the long address too (${width} px)`);
    await expectAccessible(page, 'my sessions at 360 px');
    await page.screenshot({ path: join(shots, 'my-sessions.png'), fullPage: true });
  },
};
