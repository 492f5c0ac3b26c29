// Browser test of training evaluation: an administrator writes a knowledge
// test for a module, a learner on a phone takes it before the training (in
// French, after reading it in Arabic), and the cohort's page shows the score.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { expectAccessible, signIn } from './helpers.mjs';

export const evaluationTests = {
  async 'a knowledge test written in the browser is taken on a phone and read on the cohort page'({ browser, server, shots }) {
    const desk = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'fr-FR' });
    const admin = await desk.newPage();
    await signIn(admin, server, 'admin');
    const programmes = await (await admin.request.get(`${server.base}/api/v1/programmes`)).json();
    const takwia = programmes.items.find((p) => p.code === 'TAKWIA');
    await admin.goto(`${server.base}/programmes/${takwia.id}`);
    const section = admin.locator('section', { has: admin.getByRole('heading', { name: 'Évaluations', level: 2 }) });
    // The questionnaire shipped with the programme is listed.
    await section.getByRole('cell', { name: 'Tout le programme' }).first().waitFor();
    const tk01 = await section.locator('#evaluation-place option', { hasText: 'TK-01' }).getAttribute('value');
    await section.locator('#evaluation-place').selectOption(tk01);
    await section.getByRole('button', { name: 'Ajouter un test de connaissances' }).click();

    // Sent empty: the shared rules name the title, before anything leaves the browser.
    await section.getByRole('button', { name: 'Enregistrer' }).click();
    await section.locator('#evaluation-title-error').getByText(/./).waitFor();
    await section.getByLabel('Titre').fill('Ce que je sais de la gouvernance associative');
    await section.getByLabel('Obligatoire avant l\'attestation').check();
    const question = section.locator('fieldset', { has: admin.getByText('Question 1', { exact: true }) }).first();
    await question.getByLabel('Énoncé').fill("Quelle instance élit le bureau d'une association ?");
    await question.getByLabel('Choix 1', { exact: true }).fill('L\'assemblée générale');
    await question.locator('input[type=checkbox][id$=-correct]').first().check();
    await question.getByLabel('Choix 2', { exact: true }).fill('Le trésorier');
    await expectAccessible(admin, 'a knowledge test being written');
    await section.getByRole('button', { name: 'Enregistrer' }).click();
    await admin.waitForURL(/\/authoring\/evaluations\/\d+$/);
    await admin.getByRole('heading', { name: 'Ce que je sais de la gouvernance associative', level: 1 }).waitFor();
    await admin.getByText('Réponses : 0').waitFor();
    await admin.screenshot({ path: join(shots, 'evaluation-editor-desktop.png'), fullPage: true });

    // The learner, on a phone, is asked before the training starts.
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
    const learner = await phone.newPage();
    await signIn(learner, server, 'learner');
    await learner.goto(`${server.base}/learn`);
    const banner = learner.locator('section.evaluations');
    await banner.getByRole('heading', { name: 'À remplir' }).waitFor();
    await banner.getByText('Votre attestation sera délivrée dès votre réponse.').waitFor();
    await banner.getByRole('link', { name: /Avant de commencer : Ce que je sais de la gouvernance associative/ }).click();
    await learner.getByRole('heading', { name: 'Ce que je sais de la gouvernance associative' }).waitFor();
    await learner.selectOption('.lang select', 'ar');
    await learner.getByRole('button', { name: 'إرسال إجاباتي' }).waitFor();
    let width = await learner.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the test fits a phone in Arabic (${width} px)`);
    await learner.screenshot({ path: join(shots, 'evaluation-form-ar-360.png'), fullPage: true });
    await learner.selectOption('.lang select', 'fr');
    await learner.getByRole('button', { name: 'Envoyer mes réponses' }).waitFor();
    await expectAccessible(learner, 'a knowledge test on a phone');
    await learner.getByLabel('L\'assemblée générale').check();
    await learner.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    await learner.getByText('Merci, vos réponses sont enregistrées.').waitFor();
    await learner.getByText('Votre score : 100 %').waitFor();
    width = await learner.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the answer fits a phone (${width} px)`);
    await learner.goto(`${server.base}/learn`);
    await learner.getByRole('heading', { name: 'Apprendre' }).or(learner.locator('h1')).first().waitFor();
    await learner.locator('.modules').first().waitFor();
    assert.equal(await learner.locator('section.evaluations').count(), 0, 'nothing left to answer before the training');
    await phone.close();

    // The cohort's page gives the score before the training, and the file.
    const cohorts = await (await admin.request.get(`${server.base}/api/v1/cohorts`)).json();
    const cohort = cohorts.items.find((c) => c.programme_id === takwia.id);
    await admin.goto(`${server.base}/cohorts/${cohort.id}`);
    const results = admin.locator('section', { has: admin.getByRole('heading', { name: 'Évaluation de la formation' }) });
    const option = await results.locator('#evaluation-chosen option', { hasText: 'Ce que je sais' }).getAttribute('value');
    await results.locator('#evaluation-chosen').selectOption(option);
    const row = results.locator('tr', { has: admin.getByRole('rowheader', { name: /Aïcha/ }) });
    await row.getByRole('cell', { name: '100' }).waitFor();
    const file = results.getByRole('link', { name: 'Télécharger (XLSX)' });
    assert.match(await file.getAttribute('href'), /results\.xlsx\?cohort_id=\d+&by=sex$/);
    await expectAccessible(admin, 'a cohort\'s evaluation results');
    await admin.screenshot({ path: join(shots, 'evaluation-results-desktop.png'), fullPage: true });
    await desk.close();
  },
};
