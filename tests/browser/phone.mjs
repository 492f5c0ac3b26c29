// Every screen on a 360 × 740 phone in the three languages, and the words
// that depend on a number or on a direction.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rightAnswers, signIn, waitFor } from './helpers.mjs';

const SCREENS = {
  learner: ['/learn', 'module', '/catalogue', '/attestations', '/my-sessions', '/profile'],
  trainer: ['/cohorts', 'cohort', '/grading', '/my-sessions', '/programmes', '/attestations'],
  partner: ['/people', '/import', '/cohorts', '/dashboard', '/attestations'],
  admin: ['/dashboard', '/programmes', 'programme', '/cohorts', 'cohort', '/people', '/import', '/attestations', '/audit'],
};

async function open(page, base, path) {
  if (path === 'module') {
    await page.goto(`${base}/learn`);
    await page.locator('a.module-title').first().click();
  } else if (path === 'cohort' || path === 'programme') {
    await page.goto(`${base}/${path}s`);
    await page.locator('.card-item a').first().click();
  } else {
    await page.goto(`${base}${path}`);
  }
  await page.waitForLoadState('networkidle');
  await page.waitForSelector('main h1, main h2');
}

/** What does not fit: page-wide scrolling, controls off-screen or too small to touch. */
function misfits() {
  const found = [];
  if (document.documentElement.scrollWidth > innerWidth) found.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${innerWidth}`);
  // Words this page's list lacks (shared::i18n notes their key numbers).
  if (window.cursusMissingWords?.length) found.push(`words missing from the page's word list: keys ${[...new Set(window.cursusMissingWords)].join(', ')}`);
  for (const el of document.querySelectorAll('main button, main a.button, main select, main input:not([type=checkbox]):not([type=radio]):not([type=hidden])')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || el.closest('[hidden], details:not([open]), .visually-hidden')) continue;
    const name = `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || el.id || '').trim().slice(0, 30)}"`;
    // Inside a sideways-scrolling table only the table's own first column must show.
    if (!el.closest('.table-wrap') && (box.left < -1 || box.right > innerWidth + 1)) found.push(`${name} off-screen (${Math.round(box.left)}–${Math.round(box.right)})`);
    if (!el.classList.contains('link') && box.height < 43.5) found.push(`${name} only ${Math.round(box.height)} px high`);
  }
  const primary = document.querySelector('main button.primary');
  if (primary) {
    const box = primary.getBoundingClientRect();
    if (box.left < 0 || box.right > innerWidth) found.push('the primary action is off-screen');
  }
  return found;
}

/** The signed-in learner passes TK-01, so that lists have an attestation to show. */
async function earnAttestation(page) {
  await page.evaluate(async (right) => {
    const me = await (await fetch('/api/v1/me')).json();
    const progress = await (await fetch('/api/v1/me/progress')).json();
    const tk01 = progress.modules.find((m) => m.module.code === 'TK-01').module.id;
    const quiz = await (await fetch(`/api/v1/modules/${tk01}/assessment`)).json();
    const answers = quiz.questions.map((q) => ({ question_id: q.id, choice_ids: q.choices.filter((c) => right.includes(c.label)).map((c) => c.id) }));
    const sent = await fetch(`/api/v1/assessments/${quiz.id}/attempts`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token }, body: JSON.stringify({ answers }),
    });
    if (sent.status !== 201) throw new Error(`quiz: ${sent.status}`);
  }, rightAnswers('takwia.toml', 'TK-01'));
  await waitFor('the attestation', () => page.evaluate(async () => (await (await fetch('/api/v1/attestations')).json()).items.length > 0), 30000);
}

export const phoneTests = {
  async 'every screen of every role fits a 360-pixel phone in French, Arabic and English'({ browser, server, shots }) {
    const problems = [];
    for (const [role, paths] of Object.entries(SCREENS)) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
      const page = await context.newPage();
      await signIn(page, server, role);
      if (role === 'learner') await earnAttestation(page);
      for (const lang of ['fr', 'ar', 'en']) {
        await page.evaluate((l) => localStorage.setItem('cursus.lang', l), lang);
        for (const path of paths) {
          await open(page, server.base, path);
          assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
          for (const misfit of await page.evaluate(misfits)) problems.push(`${role} ${path} (${lang}): ${misfit}`);
          // An Arabic screen shows the Arabic title where the attestation has one.
          if (role === 'learner' && path === '/attestations' && lang === 'ar') {
            await page.getByText('الحكامة الداخلية والحياة الجمعوية').waitFor();
          }
          if (lang !== 'en' && ['/attestations', '/import', 'cohort', '/learn'].includes(path)) {
            await page.screenshot({ path: join(shots, `phone-${role}-${path.replace(/\W/g, '') || 'home'}-${lang}.png`), fullPage: true });
          }
        }
      }
      await context.close();
    }
    writeFileSync(join(shots, 'phone-misfits.txt'), problems.join('\n'));
    assert.deepEqual(problems, [], `${problems.length} misfits, listed in ${join(shots, 'phone-misfits.txt')}`);
  },

  async 'counts agree with their number in Arabic and French'({ browser, server, shots }) {
    const admin = await (await browser.newContext()).newPage();
    await signIn(admin, server, 'admin');
    const setHours = (hours) => admin.evaluate(async (h) => {
      const csrf = (await (await fetch('/api/v1/me')).json()).csrf_token;
      const programmes = (await (await fetch('/api/v1/programmes')).json()).items;
      const takwia = await (await fetch(`/api/v1/programmes/${programmes.find((p) => p.code === 'TAKWIA').id}`)).json();
      const tk01 = takwia.modules.find((m) => m.code === 'TK-01');
      const r = await fetch(`/api/v1/modules/${tk01.id}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: JSON.stringify({ hours: h }) });
      if (!r.ok) throw new Error(`hours ${h}: ${r.status}`);
    }, hours);
    const learner = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    await signIn(learner, server, 'learner');
    // What the learner's map says: modules done (none yet) and TK-01's hours.
    const read = async (lang) => {
      await learner.evaluate((l) => localStorage.setItem('cursus.lang', l), lang);
      await learner.goto(`${server.base}/learn`);
      const hours = await learner.locator('li[data-code="TK-01"] p.muted').first().textContent();
      const summary = await learner.locator('main section > p.muted').first().textContent();
      return { hours: hours.trim(), done: summary.split('—').pop().trim() };
    };
    const ar = {};
    for (const n of [1, 2, 3, 11, 100]) {
      await setHours(n);
      ar[n] = (await read('ar')).hours;
      if (n <= 2) assert.equal((await read('fr')).hours, n === 1 ? '1 heure' : '2 heures');
    }
    assert.deepEqual(ar, { 1: 'ساعة واحدة', 2: 'ساعتان', 3: '3 ساعات', 11: '11 ساعة', 100: '100 ساعة' });
    assert.match((await read('ar')).done, /^0 وحدة مكتملة من أصل \d+$/);
    assert.match((await read('fr')).done, /^0 module terminé sur \d+$/);
    await read('ar');
    await learner.screenshot({ path: join(shots, 'plurals-ar.png'), fullPage: true });
  },
};
