// The browser tests. Each receives a fresh server ({ base, accounts, dataDir })
// and a browser context (a 360-pixel-wide phone, French).
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { join } from 'node:path';
import { apiStatus, expectAccessible, mailsTo, rightAnswers, signIn, signInAs, waitFor } from './helpers.mjs';

const TAKWIA = 'Takwia';

async function chooseCohort(page, select, text) {
  const value = await waitFor(`a cohort option containing ${text}`, () =>
    page.$$eval(`${select} option`, (options, t) => options.find((o) => o.textContent.includes(t))?.value, text));
  await page.selectOption(select, value);
}

async function passQuiz(page, answers) {
  for (const label of answers) await page.getByText(label, { exact: true }).click();
  await page.getByRole('button', { name: 'Envoyer' }).click();
  await page.getByText(/réussi \(100 %\)/).first().waitFor();
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
    await page.getByRole('heading', { name: 'Mon parcours' }).waitFor();
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL('**/login');
  },

  async 'a forgotten password is replaced through a mailed link'({ context, server }) {
    const page = await context.newPage();
    const { email } = server.accounts.learner;
    await page.goto(`${server.base}/login`);
    await page.getByText('Mot de passe oublié ?').click();
    await page.fill('#reset-email', email);
    await page.getByRole('button', { name: 'Recevoir un lien' }).click();
    await page.getByText('Si un compte ouvert existe pour cette adresse').waitFor();
    const mail = await waitFor('the reset mail', () => mailsTo(server, email).find((m) => m.includes('set-password?token=')));
    assert.ok(mail.includes('valable 2 heures'));
    const token = mail.match(/set-password\?token=([A-Za-z0-9_-]+)/)[1];
    await page.goto(`${server.base}/set-password?token=${token}`);
    await page.fill('#password', 'ma nouvelle phrase secrète');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('heading', { name: 'Mon parcours' }).waitFor();
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL('**/login');
    await page.fill('#email', email);
    await page.fill('#password', server.accounts.learner.password);
    await page.click('button[type=submit]');
    await page.getByText('Adresse e-mail ou mot de passe incorrect.').waitFor();
    await page.fill('#password', 'ma nouvelle phrase secrète');
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: 'Mon parcours' }).waitFor();
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

  async 'the whole journey, from a partner\'s file to a revoked attestation'({ browser, context, server, shots }) {
    // The partner checks a file (one bad row: nothing can be confirmed), then a good one.
    const partner = await context.newPage();
    await signIn(partner, server, 'partner');
    await partner.goto(`${server.base}/import`);
    await chooseCohort(partner, '#import-cohort', TAKWIA);
    const header = 'email;first_name;last_name;category;organisation;position;phone\n';
    const good = 'youssef.alaoui@ena.tn;Youssef;El Alaoui;public_actor;;Premier délégué;+216 71 123 456\n';
    await partner.setInputFiles('#import-file', { name: 'personnes.csv', mimeType: 'text/csv', buffer: Buffer.from(header + good + 'pas-une-adresse;X;Y;student;;;\n') });
    await partner.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await partner.locator('tr.row-error').getByText('Adresse e-mail invalide.').waitFor();
    assert.equal(await partner.getByRole('button', { name: "Confirmer l'inscription" }).count(), 0, 'no confirm step with errors');
    await partner.screenshot({ path: join(shots, 'import-dry-run.png'), fullPage: true });
    await partner.setInputFiles('#import-file', { name: 'personnes.csv', mimeType: 'text/csv', buffer: Buffer.from(header + good) });
    await partner.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await partner.getByText('Nouveau compte et invitation').waitFor();
    await partner.getByRole('button', { name: "Confirmer l'inscription" }).click();
    await partner.getByRole('heading', { name: 'Inscriptions enregistrées' }).waitFor();

    // The invitation's link: the learner chooses a password.
    const mail = await waitFor('the invitation mail', () => mailsTo(server, 'youssef.alaoui@ena.tn').find((m) => m.includes('set-password?token=')));
    const token = mail.match(/set-password\?token=([A-Za-z0-9_-]+)/)[1];
    const learnerContext = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
    const learner = await learnerContext.newPage();
    await learner.goto(`${server.base}/set-password?token=${token}`);
    await learner.fill('#password', 'ma phrase de passe');
    await learner.getByRole('button', { name: 'Enregistrer' }).click();
    await learner.getByRole('heading', { name: 'Mon parcours' }).waitFor();
    const tk02 = learner.locator('li.module[data-code="TK-02"]');
    assert.equal(await tk02.locator('.badge').textContent(), 'Verrouillé');
    await learner.screenshot({ path: join(shots, 'learner-map.png'), fullPage: true });

    // Module 1's quiz, then module 2 is open.
    await learner.getByRole('link', { name: 'Gouvernance interne et vie associative' }).click();
    await learner.getByRole('heading', { name: 'Quiz — gouvernance interne' }).waitFor();
    await learner.screenshot({ path: join(shots, 'module-quiz.png'), fullPage: true });
    // A first try with wrong answers: the result names the questions to review and the form starts clean.
    const right = rightAnswers('takwia.toml', 'TK-01');
    for (const question of await learner.locator('fieldset.question').all()) {
      const labels = await question.locator('label').allTextContents();
      await question.getByText(labels.find((l) => !right.includes(l)), { exact: true }).click();
    }
    await learner.getByRole('button', { name: 'Envoyer' }).click();
    await learner.getByText(/non réussi/).first().waitFor();
    await learner.getByText('Question 1 : à revoir').first().waitFor();
    await learner.getByRole('heading', { name: 'Mes tentatives' }).waitFor();
    await waitFor('the form to start clean', async () => (await learner.locator('fieldset.question input:checked').count()) === 0);
    await passQuiz(learner, right);
    await learner.getByText('Module réussi : bravo !').waitFor();
    await learner.getByRole('link', { name: /Module suivant/ }).waitFor();
    await learner.screenshot({ path: join(shots, 'module-passed.png'), fullPage: true });
    await learner.goto(`${server.base}/learn`);
    await waitFor('module 2 to open', async () => (await tk02.locator('.badge').textContent()) === 'Disponible');
    await tk02.getByRole('link').click();
    await learner.fill('#answer-text', 'Mission : accompagner les jeunes de la commune. Objectifs : …');
    await learner.getByRole('button', { name: 'Envoyer' }).click();
    await learner.getByText('En attente de correction').first().waitFor();

    // The trainer grades it against the rubric.
    const trainerContext = await browser.newContext({ viewport: { width: 1000, height: 800 }, locale: 'fr-FR' });
    const trainer = await trainerContext.newPage();
    await signIn(trainer, server, 'trainer');
    await trainer.goto(`${server.base}/grading`);
    await trainer.getByRole('link', { name: /Youssef El Alaoui/ }).click();
    await trainer.locator('fieldset.question').first().waitFor();
    for (const group of await trainer.locator('fieldset.question').all()) {
      await group.locator('input[type=radio]').last().check();
    }
    await trainer.fill('#feedback', 'Plan clair, objectifs datés.');
    await trainer.getByRole('button', { name: 'Enregistrer la note' }).click();
    await trainer.getByText('Rien à corriger.').waitFor();

    // The learner downloads the attestation; anyone can check it.
    await learner.goto(`${server.base}/attestations`);
    const row = learner.locator('tr', { hasText: 'Gouvernance interne' });
    await waitFor('the attestation', async () => {
      if (await row.count() && await row.getByText('Télécharger le PDF').count()) return true;
      await learner.reload();
      return false;
    });
    const [download] = await Promise.all([learner.waitForEvent('download'), row.getByText('Télécharger le PDF').click()]);
    const pdf = await download.path();
    const { readFileSync } = await import('node:fs');
    assert.ok(readFileSync(pdf).subarray(0, 5).toString() === '%PDF-', 'a PDF');
    const code = (await row.locator('code').textContent()).trim();
    // The same attestation as an Open Badge (JSON, baked PNG) and for LinkedIn, from the phone.
    await row.getByText('Open Badge', { exact: true }).click();
    const [badge] = await Promise.all([learner.waitForEvent('download'), row.getByText('Badge (JSON)').click()]);
    const credential = JSON.parse(readFileSync(await badge.path(), 'utf8'));
    assert.equal(credential.type, 'EnvelopedVerifiableCredential');
    assert.ok(credential.id.startsWith('data:application/vc+jwt,ey'), credential.id.slice(0, 40));
    const [baked] = await Promise.all([learner.waitForEvent('download'), row.getByText('Image du badge (PNG)').click()]);
    assert.ok(readFileSync(await baked.path()).includes('openbadgecredential'), 'the PNG carries the credential');
    const linkedin = await row.getByRole('link', { name: 'Ajouter à LinkedIn' }).getAttribute('href');
    assert.ok(linkedin.startsWith('https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME') && linkedin.includes(code), linkedin);
    assert.ok(await learner.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'the open badge links fit 360 px');
    await learner.screenshot({ path: join(shots, 'attestation-open-badge-360.png'), fullPage: true });
    await expectAccessible(learner, 'attestations with the open badge links');
    const verify = await context.newPage();
    await verify.goto(`${server.base}/verify/${code}`);
    await verify.getByText('Attestation authentique et valide').waitFor();
    await verify.screenshot({ path: join(shots, 'verify-valid.png'), fullPage: true });

    // The administrator revokes it; the verify page says so.
    const adminContext = await browser.newContext({ viewport: { width: 1000, height: 800 }, locale: 'fr-FR' });
    const admin = await adminContext.newPage();
    await signIn(admin, server, 'admin');
    await admin.goto(`${server.base}/attestations`);
    const adminRow = admin.locator('tr', { hasText: code });
    // Revoking asks first, naming what follows; the reason stays internal,
    // the note is what the public reads.
    await adminRow.getByRole('button', { name: 'Révoquer' }).click();
    await adminRow.getByText(/Toute personne qui vérifiera ce code verra qu'elle n'est plus valable/).waitFor();
    await adminRow.getByText(/pendant 30 jours/).waitFor();
    await adminRow.getByLabel(/Motif \(obligatoire, interne/).fill('Erreur de cohorte (dossier 41)');
    await adminRow.getByLabel(/Note publique/).fill('Délivrée par erreur ; une nouvelle attestation suivra.');
    await admin.setViewportSize({ width: 360, height: 800 });
    await admin.screenshot({ path: join(shots, 'revoke-confirm-360.png'), fullPage: true });
    await admin.setViewportSize({ width: 1000, height: 800 });
    await adminRow.getByRole('button', { name: 'Confirmer la révocation' }).click();
    await adminRow.getByText('Révoquée', { exact: true }).waitFor();
    await adminRow.getByText(/Motif interne : Erreur de cohorte/).waitFor();
    await adminRow.getByText(/Révocation annulable jusqu'au/).waitFor();
    await verify.reload();
    await verify.getByText('Attestation révoquée').waitFor();
    await verify.getByText(/Délivrée par erreur/).waitFor();
    if (await verify.getByText(/dossier 41/).count()) throw new Error('the internal reason is shown to the public');
    // Undone, then replaced by a reissue: the old code points to the new one.
    await adminRow.getByRole('button', { name: 'Annuler la révocation' }).click();
    await adminRow.getByLabel(/Motif \(obligatoire, interne/).fill('Erreur de ma part');
    await adminRow.getByRole('button', { name: 'Annuler la révocation' }).click();
    await adminRow.getByText('Valide', { exact: true }).waitFor();
    await adminRow.getByRole('button', { name: 'Réémettre' }).click();
    await adminRow.getByText(/l'ancien code renverra vers le nouveau/).waitFor();
    await adminRow.getByLabel(/Motif \(obligatoire, interne/).fill('Nom corrigé');
    await adminRow.getByRole('button', { name: 'Confirmer la réémission' }).click();
    await adminRow.getByText(/Remplacée par /).waitFor();
    await admin.screenshot({ path: join(shots, 'attestations-after-reissue.png'), fullPage: true });
    await verify.reload();
    await verify.getByText('Attestation remplacée par une version plus récente').waitFor();
    await verify.getByRole('link', { name: /Voir l'attestation en vigueur/ }).waitFor();
    await learnerContext.close();
    await trainerContext.close();
    await adminContext.close();
  },

  async 'an administrator opens, corrects and closes an account'({ browser, server }) {
    const admin = await (await browser.newContext({ viewport: { width: 1000, height: 800 }, locale: 'fr-FR' })).newPage();
    await signIn(admin, server, 'admin');
    await admin.goto(`${server.base}/people`);
    const form = admin.locator('section', { has: admin.getByRole('heading', { name: 'Nouveau compte' }) });
    await form.getByRole('button', { name: 'Créer' }).click();
    await form.getByText('Ce champ est obligatoire.').first().waitFor();
    assert.equal(await form.getByText('Ce champ est obligatoire.').count(), 2, 'e-mail and name are required');
    await admin.fill('#account-email', 'hawa.diarra@cfad.ml');
    await admin.fill('#account-name', 'Hawa Diara');
    await form.getByRole('button', { name: 'Créer' }).click();
    await form.getByText('Compte créé pour Hawa Diara ; une invitation lui est envoyée.').waitFor();
    const row = admin.locator('tr', { hasText: 'hawa.diarra@cfad.ml' });
    await row.getByText('Invité·e').waitFor();

    // The trainer follows the mailed link and lands on their screens.
    const mail = await waitFor('the invitation', () => mailsTo(server, 'hawa.diarra@cfad.ml').find((m) => m.includes('set-password?token=')));
    assert.ok(mail.includes('Formateur·rice'), 'the mail names the role');
    const token = mail.match(/set-password\?token=([A-Za-z0-9_-]+)/)[1];
    const trainer = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
    await trainer.goto(`${server.base}/set-password?token=${token}`);
    await trainer.fill('#password', 'une phrase de passe');
    await trainer.getByRole('button', { name: 'Enregistrer' }).click();
    await trainer.getByRole('heading', { name: 'Mes cohortes' }).waitFor();

    // A misspelt name is corrected; then the account is closed and its session ends.
    await admin.reload();
    await row.getByText('Corriger').click();
    await row.getByLabel('Nom complet').fill('Hawa Diarra');
    await row.getByRole('button', { name: 'Enregistrer' }).click();
    await row.getByText('Enregistré.').waitFor();
    await row.getByRole('cell', { name: 'Hawa Diarra', exact: true }).waitFor();
    await row.getByRole('button', { name: 'Fermer le compte' }).click();
    await row.getByRole('cell', { name: 'Fermé', exact: true }).waitFor();
    await row.getByRole('button', { name: 'Rouvrir le compte' }).waitFor();
    await trainer.reload();
    // Signed out by the closing: sent to sign in, and back to this screen afterwards.
    await trainer.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === '/cohorts');
  },

  async 'an administrator writes a programme and hands a cohort to its trainers'({ browser, server, shots }) {
    const admin = await (await browser.newContext({ viewport: { width: 1000, height: 900 }, locale: 'fr-FR' })).newPage();
    await signIn(admin, server, 'admin');
    await admin.goto(`${server.base}/programmes`);
    const create = admin.locator('section', { has: admin.getByRole('heading', { name: 'Nouveau programme' }) });
    await create.getByRole('button', { name: 'Créer' }).click();
    await create.getByText('Ce champ est obligatoire.').first().waitFor();
    await admin.fill('#programme-code', 'pec');
    await admin.fill('#programme-title-fr', 'Engagement civique');
    await create.getByRole('button', { name: 'Créer' }).click();
    await admin.getByRole('heading', { name: 'Engagement civique', level: 1 }).waitFor();
    await admin.getByText('PEC · ').waitFor();

    // A module, refused without its hours, then added to the table.
    const addModule = admin.locator('section', { has: admin.getByRole('heading', { name: 'Ajouter un module' }) });
    await admin.fill('#module-code', 'PEC-1');
    await admin.fill('#module-title-fr', 'Redevabilité sociale');
    await addModule.getByRole('button', { name: 'Créer' }).click();
    await addModule.locator('#module-hours-error').getByText(/./).waitFor();
    await admin.fill('#module-hours', '6');
    await addModule.getByRole('button', { name: 'Créer' }).click();
    await admin.getByRole('cell', { name: 'Redevabilité sociale' }).waitFor();
    await addModule.getByText('Module PEC-1 ajouté.').waitFor();

    // A new module is a draft that no learner sees; publishing it names what it lacks.
    const pec1 = admin.getByRole('row', { name: /PEC-1/ });
    await pec1.getByText('Brouillon').waitFor();
    await pec1.getByRole('button', { name: 'Publier PEC-1' }).click();
    await pec1.getByRole('alert').getByText(/Ajoutez une évaluation/).waitFor();
    await expectAccessible(admin, 'a refused publication');
    await admin.screenshot({ path: join(shots, 'module-publish-refused.png'), fullPage: true });

    // The issuing body is corrected; a blank one is refused before it is sent.
    const editor = admin.locator('details', { hasText: 'Modifier le programme' });
    await editor.getByText('Modifier le programme').click();
    await admin.fill('#programme-issuer', ' ');
    await editor.getByRole('button', { name: 'Enregistrer' }).click();
    await admin.locator('#programme-issuer-error').getByText('Ce champ est obligatoire.').waitFor();
    await admin.fill('#programme-issuer', 'Réseau Tanmia');
    await editor.getByRole('button', { name: 'Enregistrer' }).click();
    await admin.getByText('PEC · Réseau Tanmia').waitFor();
    if (!(await editor.evaluate((d) => d.open))) await editor.locator('summary').click();
    await admin.locator('#programme-issuer').waitFor();
    await expectAccessible(admin, 'admin programme with its editors open');
    await admin.screenshot({ path: join(shots, 'programme-editor.png'), fullPage: true });

    // The Takwia cohort: its trainer is unticked, then ticked back.
    await admin.goto(`${server.base}/cohorts`);
    await admin.getByRole('link', { name: /Takwia/ }).click();
    await admin.getByText('Modifier la cohorte').click();
    const trainerBox = admin.getByLabel('Salma Bennani');
    await trainerBox.waitFor();
    assert.equal(await trainerBox.isChecked(), true);
    await admin.fill('#edit-capacity', '0');
    await admin.getByRole('button', { name: 'Enregistrer' }).click();
    await admin.locator('#edit-capacity-error').getByText(/./).waitFor();
    await admin.fill('#edit-capacity', '35');
    await trainerBox.uncheck();
    await admin.getByRole('button', { name: 'Enregistrer' }).click();
    await admin.getByText('Enregistré.').waitFor();
    await admin.locator('main h1 + p.muted', { hasText: '/ 35' }).waitFor();
    await expectAccessible(admin, 'admin cohort with its editor open');
    await admin.screenshot({ path: join(shots, 'cohort-editor.png'), fullPage: true });

    const trainer = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
    await signIn(trainer, server, 'trainer');
    await trainer.goto(`${server.base}/cohorts`);
    await trainer.getByRole('heading', { name: 'Mes cohortes' }).waitFor();
    await trainer.getByRole('link', { name: /PASC/ }).waitFor();
    assert.equal(await trainer.getByRole('link', { name: /Takwia/ }).count(), 0, 'no longer hers');

    await trainerBox.check();
    await admin.getByRole('button', { name: 'Enregistrer' }).click();
    await admin.getByText('Enregistré.').waitFor();
    await admin.reload();
    await admin.getByText('Modifier la cohorte').click();
    assert.equal(await admin.getByLabel('Salma Bennani').isChecked(), true);
    assert.equal(await admin.inputValue('#edit-capacity'), '35');
    await trainer.reload();
    await trainer.getByRole('link', { name: /Takwia/ }).waitFor();

    // Someone is withdrawn, after a confirmation: their row leaves the table.
    const row = admin.locator('tr', { hasText: 'Aïcha Ould Ahmed' });
    await row.waitFor();
    let asked = '';
    admin.once('dialog', (dialog) => { asked = dialog.message(); dialog.accept(); });
    await row.getByRole('button', { name: 'Retirer Aïcha Ould Ahmed de la cohorte' }).click();
    await row.waitFor({ state: 'detached' });
    assert.ok(asked.includes('Son parcours et ses attestations sont conservés'), asked);
    await admin.locator('main h1 + p.muted', { hasText: '0 / 35' }).waitFor();

    // The log says who did it, newest first.
    await admin.getByRole('link', { name: 'Journal' }).click();
    const newest = admin.locator('tbody tr').first();
    await newest.getByRole('cell', { name: 'Retrait de la cohorte' }).waitFor();
    await newest.getByRole('cell', { name: 'Nadia Admin' }).waitFor();
    await newest.getByRole('cell', { name: /^Inscription #\d+$/ }).waitFor();
    assert.equal(await admin.getByRole('button', { name: 'Suivante', exact: true }).isDisabled(), true, 'one page only');
    await admin.locator('tbody tr', { hasText: 'Cohorte modifiée' }).first().waitFor();
    await admin.screenshot({ path: join(shots, 'audit.png'), fullPage: true });
  },

  async 'each role is kept out of the others\' screens, and the API refuses too'({ browser, server }) {
    const cases = [
      ['learner', '/dashboard', '/api/v1/reports/summary'],
      ['trainer', '/people', '/api/v1/accounts'],
      ['partner', '/grading', '/api/v1/grading/queue'],
      ['admin', '/learn', '/api/v1/me/progress'],
    ];
    for (const [role, screen, api] of cases) {
      const context = await browser.newContext({ locale: 'fr-FR' });
      const page = await context.newPage();
      await signIn(page, server, role);
      await page.goto(`${server.base}${screen}`);
      await page.getByText('Cet écran n\'est pas destiné à votre rôle.').waitFor();
      assert.equal(await apiStatus(page, api), 403, `${role} → ${api}`);
      await context.close();
    }
    const anonymous = await (await browser.newContext()).newPage();
    await anonymous.goto(`${server.base}/learn`);
    await anonymous.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === '/learn');
  },

  async 'a partner\'s list saved by French Excel on Windows is read, and the check says how'({ browser, server, shots }) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
    const partner = await context.newPage();
    await signIn(partner, server, 'partner');
    await partner.goto(`${server.base}/import`);
    await chooseCohort(partner, '#import-cohort', TAKWIA);
    // Windows-1252, ';' between cells, `ENA` or nothing in the organisation column.
    await partner.setInputFiles('#import-file', join(import.meta.dirname, '..', 'fixtures', 'people-20.cp1252.csv'));
    await partner.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await partner.getByText('Fichier texte lu en windows-1252, séparateur : « ; ».').waitFor();
    await partner.getByRole('cell', { name: 'Zoé Cœurdacier' }).waitFor();
    assert.equal(await partner.locator('tr.row-error').count(), 0, 'no row refused');
    await partner.getByRole('button', { name: "Confirmer l'inscription" }).waitFor();
    await partner.screenshot({ path: join(shots, 'import-cp1252.png'), fullPage: true });
    await context.close();
  },

  async 'the Arabic interface is right-to-left and the choice is kept'({ context, server, shots }) {
    const page = await context.newPage();
    await signIn(page, server, 'learner');
    await page.selectOption('.lang select', 'ar');
    await page.getByRole('heading', { name: 'مساري' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ar');
    // Mirrored: the brand is on the right, a module's code on the right of its card.
    const brand = await page.locator('.brand').boundingBox();
    assert.ok(brand.x > 180, `brand at x=${brand.x}`);
    await page.getByRole('link', { name: 'الحكامة الداخلية والحياة الجمعوية' }).waitFor();
    await page.screenshot({ path: join(shots, 'learner-map-ar.png'), fullPage: true });
    await page.reload();
    await page.getByRole('heading', { name: 'مساري' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  },

  async 'no screen has an accessibility violation'({ browser, server, shots }) {
    const screens = {
      learner: ['/learn', 'module', '/attestations', '/profile'],
      trainer: ['/cohorts', 'cohort', '/grading'],
      partner: ['/people', '/import', '/dashboard'],
      admin: ['/dashboard', '/programmes', 'programme', '/cohorts', '/people', '/attestations', '/audit'],
    };
    const anonymous = await browser.newContext({ locale: 'fr-FR' });
    const page = await anonymous.newPage();
    for (const path of ['/login', '/set-password?token=x', '/verify', '/verify/AAAA-BBBB-CCCC-DDDD']) {
      await page.goto(`${server.base}${path}`);
      await page.waitForLoadState('networkidle');
      // The folded "forgotten password" form is checked open.
      if (path === '/login') await page.getByText('Mot de passe oublié ?').click();
      await expectAccessible(page, path);
    }
    await anonymous.close();
    for (const [role, paths] of Object.entries(screens)) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
      const page = await context.newPage();
      await signIn(page, server, role);
      for (const path of paths) {
        if (path === 'module') {
          await page.goto(`${server.base}/learn`);
          await page.getByRole('link', { name: 'Gouvernance interne et vie associative' }).click();
        } else if (path === 'cohort' || path === 'programme') {
          await page.goto(`${server.base}/${path}s`);
          await page.locator('.card-item a').first().click();
        } else {
          await page.goto(`${server.base}${path}`);
        }
        await page.waitForLoadState('networkidle');
        await page.waitForSelector('main h1, main h2');
        await expectAccessible(page, `${role} ${path}`);
        if (role === 'admin' && path === '/dashboard') {
          await page.screenshot({ path: join(shots, 'dashboard.png'), fullPage: true });
          await expectBarsMatchFigures(page);
        }
      }
      await context.close();
    }
  },

  async 'the first load is under 250 KB with brotli, signed out and as a learner'({ browser, context, server }) {
    const signedOut = await firstLoad(context, server, '/login', '#email');
    console.log(`     first load of the sign-in page: ${signedOut} bytes transferred`);
    // A learner whose session is already open comes back to their map on a
    // phone that has never loaded the app: nothing is cached yet.
    const learner = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
    const { email, password } = server.accounts.learner;
    const r = await learner.request.post(`${server.base}/api/v1/auth/login`, { data: { email, password }, headers: { Origin: server.base } });
    assert.equal(r.status(), 200);
    // Its bar is 250 KB too (the learner's word list has no staff words).
    const signedIn = await firstLoad(learner, server, '/learn', 'ul.modules li.module');
    await learner.close();
    console.log(`     first load of a learner's map: ${signedIn} bytes transferred`);
  },
};

/** The bytes a cold visit of `path` transfers, service worker included, with brotli. */
async function firstLoad(context, server, path, ready, bar = 250 * 1024) {
  const page = await context.newPage();
  const client = await context.newCDPSession(page);
  await client.send('Network.enable');
  let bytes = 0;
  const urls = new Map();
  const sizes = [];
  client.on('Network.responseReceived', (e) => urls.set(e.requestId, new URL(e.response.url).pathname));
  client.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    sizes.push(`${urls.get(e.requestId) ?? e.requestId} ${e.encodedDataLength}`);
  });
  await page.goto(`${server.base}${path}`, { waitUntil: 'networkidle' });
  await page.waitForSelector(ready);
  assert.equal(new URL(page.url()).pathname, path, 'the page asked for is the one measured');
  // The service worker is fetched by the browser outside the page's view:
  // it counts toward the first load too.
  const worker = await compressedSize(`${server.base}/sw.js`);
  assert.ok(worker > 500, `service worker measured at ${worker} bytes`);
  bytes += worker;
  assert.ok(bytes > 10_000, `measured ${bytes} bytes`);
  assert.ok(bytes <= bar, `the first load of ${path} transferred ${bytes} bytes:\n${sizes.join('\n')}`);
  await page.close();
  return bytes;
}

/** Bytes a browser downloads for `url` when it accepts brotli. */
function compressedSize(url) {
  return new Promise((ok, fail) => {
    get(url, { headers: { 'Accept-Encoding': 'br' } }, (response) => {
      let size = 0;
      response.on('data', (chunk) => { size += chunk.length; });
      response.on('end', () => ok(size));
    }).on('error', fail);
  });
}

/** Each chart's SVG bars are as long as their figures say, the largest filling the track. */
async function expectBarsMatchFigures(page) {
  // Every breakdown in turn: each bar is as long as its figure says.
  const dimensions = await page.$$eval('#indicators-dimension option', (options) => options.map((o) => o.value));
  assert.equal(dimensions.length, 7);
  for (const dimension of dimensions) {
    await page.selectOption('#indicators-dimension', dimension);
    const chart = page.locator('figure.chart');
    const rows = await chart.locator('li').evaluateAll((items) => items.map((li) => ({
      value: Number(li.querySelector('.chart-value').textContent),
      width: Number(li.querySelector('svg rect').getAttribute('width')),
    })));
    const max = Math.max(1, ...rows.map((r) => r.value));
    for (const { value, width } of rows) {
      const expected = value === 0 ? 0 : Math.max(5, Math.floor((value * 1000) / max));
      assert.equal(width, expected, `${dimension}: bar for ${value} of ${max}`);
    }
  }
}
