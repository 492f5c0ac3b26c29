// Browser tests of authoring: a programme written in the browser from
// nothing, its quiz, content and prerequisites, the cohort catalogue, and a
// learner who goes through it all to the certificate.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { expectAccessible, signIn, signInAs, waitFor } from './helpers.mjs';

/** Opens a learner account through the API, as an administrator would. */
async function newLearner(browser, server, email, fullName) {
  const api = (await browser.newContext()).request;
  const signedIn = await (await api.post(`${server.base}/api/v1/auth/login`, { data: server.accounts.admin })).json();
  const created = await api.post(`${server.base}/api/v1/accounts`, {
    headers: { 'x-csrf-token': signedIn.csrf_token, origin: server.base },
    data: { email, full_name: fullName, role: 'learner', password: 'un mot de passe solide' },
  });
  assert.equal(created.status(), 201, await created.text());
  return { email, password: 'un mot de passe solide' };
}

/** Saves the quiz or assignment being edited and waits for the confirmation. */
async function saveAssessment(page) {
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText(/Évaluation enregistrée \(version \d+\)\./).waitFor();
}

export const authoringTests = {
  async 'a programme written from nothing in the browser takes a self-enrolled learner to the certificate'({ browser, server, shots }) {
    const adminContext = await browser.newContext({ viewport: { width: 1000, height: 900 }, locale: 'fr-FR' });
    const admin = await adminContext.newPage();
    await signIn(admin, server, 'admin');
    await admin.goto(`${server.base}/programmes`);
    await admin.fill('#programme-code', 'ecr');
    await admin.fill('#programme-title-fr', 'Écrire pour convaincre');
    await admin.locator('section', { has: admin.getByRole('heading', { name: 'Nouveau programme' }) }).getByRole('button', { name: 'Créer' }).click();
    await admin.getByRole('heading', { name: 'Écrire pour convaincre', level: 1 }).waitFor();
    const programmeUrl = admin.url();
    const addModule = admin.locator('section', { has: admin.getByRole('heading', { name: 'Ajouter un module' }) });
    for (const [code, title] of [['ECR-1', 'Construire un argument'], ['ECR-2', 'Rédiger un plaidoyer']]) {
      await admin.fill('#module-code', code);
      await admin.fill('#module-title-fr', title);
      await admin.fill('#module-hours', '3');
      await addModule.getByRole('button', { name: 'Créer' }).click();
      await addModule.getByText(`Module ${code} ajouté.`).waitFor();
    }
    // The cohort's trainer is named author of the programme.
    await admin.locator('summary', { hasText: 'Auteurs du programme' }).click();
    await admin.getByLabel('Salma Bennani').check();
    await admin.locator('details', { hasText: 'Auteurs du programme' }).getByRole('button', { name: 'Enregistrer' }).click();
    await admin.locator('details', { hasText: 'Auteurs du programme' }).getByText('Enregistré.').waitFor();

    // Module 1: a text section and a document, then a quiz.
    await admin.getByRole('link', { name: 'Contenu ECR-1' }).click();
    const fresh = admin.locator('section', { has: admin.getByRole('heading', { name: 'Nouvelle section' }) });
    await fresh.getByLabel('Titre de la section').fill('Les trois temps');
    await fresh.getByLabel('Texte (Markdown)').fill("Une **idée**, un plan, puis le texte.");
    await fresh.getByRole('button', { name: 'Ajouter la section' }).click();
    await admin.getByRole('group', { name: 'Section 1' }).waitFor();
    const pdf = Buffer.from('%PDF-1.4\n% Cursus\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n' + ' '.repeat(5000));
    await admin.setInputFiles('#document-file', { name: 'Fiche argument.pdf', mimeType: 'application/pdf', buffer: pdf });
    await admin.getByRole('button', { name: 'Déposer', exact: true }).click();
    await admin.getByRole('link', { name: 'Fiche argument.pdf' }).waitFor();
    await fresh.getByLabel('Type de section').selectOption('document');
    await fresh.getByLabel('Titre de la section').fill('La fiche à garder');
    await fresh.getByLabel('Document').selectOption({ label: 'Fiche argument.pdf (5 Ko)' });
    await fresh.getByRole('button', { name: 'Ajouter la section' }).click();
    await admin.getByRole('group', { name: 'Section 2' }).waitFor();
    await admin.goto(programmeUrl);
    await admin.getByRole('link', { name: 'Évaluation ECR-1' }).click();
    await admin.fill('#assessment-title', 'Quiz — argument');
    await admin.fill('#assessment-pass-mark', '100');
    const question = admin.locator('fieldset', { has: admin.getByText('Question 1', { exact: true }) });
    await question.getByLabel('Énoncé').fill('Dans quel ordre écrit-on ?');
    await question.getByLabel('Choix 1', { exact: true }).fill('Idée, plan, texte');
    await question.getByLabel('Bonne réponse').first().check();
    await question.getByLabel('Choix 2', { exact: true }).fill('Texte, plan, idée');
    await saveAssessment(admin);

    // Module 2: an assignment graded on a rubric, open once module 1 is done.
    await admin.goto(programmeUrl);
    await admin.getByRole('link', { name: 'Évaluation ECR-2' }).click();
    await admin.getByLabel("Type d'évaluation").selectOption('assignment');
    await admin.fill('#assessment-title', 'Votre plaidoyer');
    await admin.fill('#assessment-instructions', 'Une page : le problème, la demande, les arguments.');
    await admin.fill('#assessment-pass-mark', '50');
    const criterion = admin.locator('fieldset', { has: admin.getByText('Critère 1', { exact: true }) });
    await criterion.getByLabel('Titre de l\'évaluation').fill('Clarté de la demande');
    await criterion.getByLabel('Niveau 1', { exact: true }).fill('À reprendre');
    await criterion.getByLabel('Niveau 2', { exact: true }).fill('Claire');
    await criterion.getByLabel('Points').nth(1).fill('4');
    await admin.check('#assessment-file');
    await admin.getByLabel('PDF', { exact: true }).check();
    await saveAssessment(admin);
    await admin.goto(programmeUrl);
    await admin.getByRole('button', { name: 'Prérequis ECR-2' }).click();
    const prerequisites = admin.locator('section', { has: admin.getByRole('heading', { name: 'Prérequis de ECR-2' }) });
    await prerequisites.getByRole('button', { name: 'Ajouter un groupe' }).click();
    await prerequisites.getByLabel('ECR-1 — Construire un argument').check();
    await prerequisites.getByRole('button', { name: 'Enregistrer' }).click();
    await admin.getByText('Prérequis de ECR-2 enregistrés.').waitFor();
    for (const code of ['ECR-1', 'ECR-2']) {
      const row = admin.getByRole('row', { name: new RegExp(code) });
      await row.getByRole('button', { name: `Publier ${code}` }).click();
      await row.getByText('Publié').waitFor();
    }

    // A cohort open to self-enrolment, taught by the author.
    await admin.goto(`${server.base}/cohorts`);
    await waitFor('the new programme in the list', () => admin.$$eval('#cohort-programme option', (o) => o.some((x) => x.textContent.includes('Écrire pour convaincre'))));
    await admin.selectOption('#cohort-programme', { label: 'Écrire pour convaincre' });
    await admin.fill('#name', 'Plaidoyer — Nouakchott 2026');
    await admin.fill('#region', 'Nouakchott');
    await admin.fill('#starts_on', '2026-01-05');
    await admin.fill('#ends_on', '2030-06-30');
    await admin.fill('#capacity', '20');
    await admin.selectOption('#cohort-trainer', { label: 'Salma Bennani' });
    await admin.check('#cohort-open');
    await admin.getByRole('button', { name: 'Créer' }).click();
    await admin.getByRole('link', { name: 'Plaidoyer — Nouakchott 2026' }).waitFor();
    await adminContext.close();

    // A learner finds it in the catalogue, joins, and goes through both modules.
    const account = await newLearner(browser, server, 'mariem.sy@example.org', 'Mariem Sy');
    const learnerContext = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
    const learner = await learnerContext.newPage();
    await signInAs(learner, server, account.email, account.password);
    await learner.goto(`${server.base}/catalogue`);
    await learner.getByRole('button', { name: 'Rejoindre Plaidoyer — Nouakchott 2026' }).click();
    await learner.getByText('Vous avez rejoint Plaidoyer — Nouakchott 2026.').waitFor();
    await learner.goto(`${server.base}/learn`);
    await learner.getByRole('link', { name: 'Construire un argument' }).click();
    await learner.getByRole('link', { name: 'Fiche argument.pdf' }).first().waitFor();
    await learner.getByText('Idée, plan, texte', { exact: true }).click();
    await learner.getByRole('button', { name: 'Envoyer' }).click();
    await learner.getByText('Module réussi : bravo !').waitFor();
    await learner.getByRole('link', { name: 'Module suivant : Rédiger un plaidoyer' }).click();
    await learner.getByRole('heading', { name: 'Votre plaidoyer' }).waitFor();
    assert.equal(await learner.locator('#answer-file').getAttribute('accept'), '.pdf', 'the file picker offers what the authors accept');
    await learner.fill('#answer-text', 'Nous demandons un espace jeunesse dans chaque commune, parce que…');
    await learner.getByRole('button', { name: 'Envoyer' }).click();
    await learner.getByText('En attente de correction').first().waitFor();

    // The author, as the cohort's trainer, grades it on the rubric.
    const trainerContext = await browser.newContext({ viewport: { width: 1000, height: 800 }, locale: 'fr-FR' });
    const trainer = await trainerContext.newPage();
    await signIn(trainer, server, 'trainer');
    await trainer.goto(`${server.base}/grading`);
    await trainer.getByRole('link', { name: /Mariem Sy/ }).click();
    await trainer.locator('fieldset.question').first().waitFor();
    await trainer.getByLabel(/Claire/).check();
    await trainer.getByRole('button', { name: 'Enregistrer la note' }).click();
    await trainer.getByText('Rien à corriger.').waitFor();
    await trainerContext.close();

    // Two attestations and the certificate.
    await learner.goto(`${server.base}/attestations`);
    await waitFor('two attestations and the certificate', async () => {
      const ready = await learner.getByText('Télécharger le PDF').count();
      if (ready >= 3) return true;
      await learner.reload();
      return false;
    }, 30000);
    await learner.locator('tr', { hasText: 'Construire un argument' }).waitFor();
    await learner.locator('tr', { hasText: 'Rédiger un plaidoyer' }).waitFor();
    await learner.locator('tr', { hasText: 'Certificat' }).waitFor();
    await expectAccessible(learner, 'the learner\'s attestations of a programme written in the browser');
    await learner.screenshot({ path: join(shots, 'authored-programme-attestations-360.png'), fullPage: true });
    await learnerContext.close();
  },

  async 'an author builds a quiz in the browser, reorders it by keyboard and publishes it'({ browser, server, shots }) {
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, locale: 'fr-FR' });
    const page = await context.newPage();
    await signIn(page, server, 'admin');
    await page.goto(`${server.base}/programmes`);
    await page.fill('#programme-code', 'atl');
    await page.fill('#programme-title-fr', "Atelier d'écriture");
    await page.locator('section', { has: page.getByRole('heading', { name: 'Nouveau programme' }) }).getByRole('button', { name: 'Créer' }).click();
    await page.getByRole('heading', { name: "Atelier d'écriture", level: 1 }).waitFor();
    await page.fill('#module-code', 'ATL-1');
    await page.fill('#module-title-fr', 'Écrire pour être lu');
    await page.fill('#module-hours', '4');
    await page.locator('section', { has: page.getByRole('heading', { name: 'Ajouter un module' }) }).getByRole('button', { name: 'Créer' }).click();
    await page.getByRole('link', { name: 'Évaluation ATL-1' }).click();
    await page.getByRole('heading', { name: 'Évaluation du module ATL-1' }).waitFor();
    await page.getByText("Pas encore d'évaluation").waitFor();

    // The first question, with a pass mark the shared rules refuse before sending.
    await page.fill('#assessment-title', 'Vérifions');
    await page.fill('#assessment-pass-mark', '0');
    const first = page.locator('fieldset', { has: page.getByText('Question 1', { exact: true }) });
    await first.getByLabel('Énoncé').fill("Qui signe l'attestation ?");
    await first.getByLabel('Choix 1', { exact: true }).fill('Le réseau');
    await first.getByLabel('Bonne réponse').first().check();
    await first.getByLabel('Choix 2', { exact: true }).fill('Le formateur');
    await first.getByLabel(/Explication/).nth(1).fill('Non : le formateur note, le réseau atteste.');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('#assessment-pass-mark-error').getByText(/./).waitFor();
    await page.fill('#assessment-pass-mark', '100');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Évaluation enregistrée (version 1).').waitFor();

    // A second question, moved to the top with the keyboard.
    await page.getByRole('button', { name: 'Ajouter une question' }).click();
    const second = page.locator('fieldset', { has: page.getByText('Question 2', { exact: true }) });
    await second.getByLabel('Énoncé').fill('Combien de modules compte le cycle ?');
    await second.getByLabel('Choix 1', { exact: true }).fill('16');
    await second.getByLabel('Bonne réponse').first().check();
    await second.getByLabel('Choix 2', { exact: true }).fill('12');
    await page.getByRole('button', { name: 'Monter — Question 2', exact: true }).focus();
    await page.keyboard.press('Enter');
    await waitFor('the focus on the moved question', () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') === 'Monter — Question 1'));
    await waitFor('the second question on top', async () =>
      (await page.locator('fieldset', { has: page.getByText('Question 1', { exact: true }) }).getByLabel('Énoncé').inputValue()) === 'Combien de modules compte le cycle ?');
    const preview = page.locator('section.preview');
    await preview.getByText('Combien de modules compte le cycle ?').waitFor();
    assert.equal(await preview.locator('input[type=radio]').count(), 4, 'the learner picks one answer per question');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Évaluation enregistrée (version 2).').waitFor();
    await expectAccessible(page, 'the assessment builder');
    await page.screenshot({ path: join(shots, 'assessment-builder.png'), fullPage: true });

    // On a phone, nothing runs off the screen; in Arabic, the page turns right-to-left.
    await page.setViewportSize({ width: 360, height: 740 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the builder overflows a 360 px screen by ${overflow} px`);
    await page.screenshot({ path: join(shots, 'assessment-builder-360.png'), fullPage: true });
    await page.selectOption('.lang select', 'ar');
    await page.getByRole('heading', { name: 'تقييم الوحدة ATL-1' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    await page.screenshot({ path: join(shots, 'assessment-builder-ar-360.png'), fullPage: true });
    await page.selectOption('.lang select', 'fr');

    // Its content: a Markdown section previewed as learners will read it, a video as a link card, a document with its size.
    await page.setViewportSize({ width: 1000, height: 900 });
    await page.getByRole('link', { name: /Écrire pour être lu/ }).click();
    await page.getByRole('link', { name: 'Contenu ATL-1' }).click();
    await page.getByRole('heading', { name: 'Contenu du module ATL-1' }).waitFor();
    const fresh = page.locator('section', { has: page.getByRole('heading', { name: 'Nouvelle section' }) });
    await fresh.getByLabel('Titre de la section').fill('Pourquoi écrire court');
    await fresh.getByLabel('Texte (Markdown)').fill('Un **lecteur** pressé lit la première phrase. <script>alert(1)</script>');
    await fresh.locator('.markdown-preview strong', { hasText: 'lecteur' }).waitFor();
    assert.equal(await fresh.locator('.markdown-preview script').count(), 0, 'the preview is sanitised');
    await fresh.getByRole('button', { name: 'Ajouter la section' }).click();
    await page.getByRole('group', { name: 'Section 1' }).waitFor();
    await fresh.getByLabel('Type de section').selectOption('link');
    await fresh.getByLabel('Titre de la section').fill('La méthode en vidéo');
    await fresh.getByLabel('Adresse (https://…)').fill('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    await fresh.getByText('Vidéo YouTube : s\'ouvre sur son site').waitFor();
    await fresh.getByRole('button', { name: 'Ajouter la section' }).click();
    await page.getByRole('group', { name: 'Section 2' }).waitFor();
    const pdf = Buffer.from('%PDF-1.4\n% Cursus\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n' + ' '.repeat(3000));
    await page.setInputFiles('#document-file', { name: 'Guide du rédacteur.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Déposer', exact: true }).click();
    await page.getByRole('link', { name: 'Guide du rédacteur.pdf' }).waitFor();
    // The video moves to the top, by keyboard.
    await page.getByRole('button', { name: 'Monter — Section 2' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('group', { name: 'Section 1' }).getByLabel('Adresse (https://…)').waitFor();
    await waitFor('the focus on the moved section', () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') === 'Monter — Section 1'));
    await page.getByRole('group', { name: 'Section 2' }).locator('.markdown-preview strong').waitFor();
    await expectAccessible(page, 'the content editor');
    await page.screenshot({ path: join(shots, 'content-editor.png'), fullPage: true });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.selectOption('.lang select', 'ar');
    await page.getByRole('heading', { name: 'محتوى الوحدة ATL-1' }).waitFor();
    const overflow360 = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow360 <= 0, `the content editor overflows a 360 px screen by ${overflow360} px`);
    await page.screenshot({ path: join(shots, 'content-editor-ar-360.png'), fullPage: true });
    await page.selectOption('.lang select', 'fr');
    await page.setViewportSize({ width: 1000, height: 900 });
    // As learners will read it: the video a card with a link, the document with its size.
    const moduleId = page.url().match(/authoring\/modules\/(\d+)/)[1];
    await page.goto(`${server.base}/modules/${moduleId}`);
    await page.getByRole('link', { name: /Vidéo YouTube/ }).waitFor();
    assert.equal(await page.locator('iframe').count(), 0, 'no third-party frame');
    await page.getByText('(3 Ko)').first().waitFor();
    await page.goto(`${server.base}/authoring/modules/${moduleId}/content`);

    // Back on the programme, the module publishes.
    await page.getByRole('link', { name: /Programmes/ }).first().click();
    await page.getByRole('link', { name: /Atelier d'écriture/ }).click();
    const row = page.getByRole('row', { name: /ATL-1/ });
    await row.getByRole('button', { name: 'Publier ATL-1' }).click();
    await row.getByText('Publié').waitFor();

    // A second module requires the first, ticked in a pick-list; the reverse is named as a cycle before saving.
    await page.fill('#module-code', 'ATL-2');
    await page.fill('#module-title-fr', 'Relire et corriger');
    await page.fill('#module-hours', '2');
    await page.locator('section', { has: page.getByRole('heading', { name: 'Ajouter un module' }) }).getByRole('button', { name: 'Créer' }).click();
    await page.getByRole('button', { name: 'Prérequis ATL-2' }).click();
    const editor = page.locator('section', { has: page.getByRole('heading', { name: 'Prérequis de ATL-2' }) });
    await editor.getByText("Aucun prérequis").waitFor();
    await editor.getByRole('button', { name: 'Ajouter un groupe' }).click();
    await editor.getByLabel('ATL-1 — Écrire pour être lu').check();
    await editor.getByText('Étape 2 : ATL-2 (Relire et corriger)').waitFor();
    await editor.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Prérequis de ATL-2 enregistrés.').waitFor();
    await page.getByRole('row', { name: /ATL-2/ }).getByText('ATL-1', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Prérequis ATL-1' }).click();
    const back = page.locator('section', { has: page.getByRole('heading', { name: 'Prérequis de ATL-1' }) });
    await back.getByRole('button', { name: 'Ajouter un groupe' }).click();
    await back.getByLabel('ATL-2 — Relire et corriger').check();
    await back.getByText('Ce choix crée un cycle : ATL-1 → ATL-2 → ATL-1.').waitFor();
    assert.equal(await back.getByRole('button', { name: 'Enregistrer' }).isDisabled(), true, 'a cycle cannot be saved');
    await expectAccessible(page, 'the prerequisite pick-list');
    await page.screenshot({ path: join(shots, 'prerequisites-cycle.png'), fullPage: true });

    // A module of a programme with families is moved to another family.
    await page.goto(`${server.base}/programmes`);
    await page.getByRole('link', { name: /Takwia/ }).click();
    await page.getByRole('link', { name: 'Contenu TK-01' }).click();
    await page.locator('summary', { hasText: 'Le module' }).click();
    assert.equal(await page.locator('#module-family').inputValue(), 'DO');
    await page.selectOption('#module-family', 'MA');
    await page.locator('details', { hasText: 'Le module' }).getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('details', { hasText: 'Le module' }).getByText('Enregistré.').waitFor();
    await page.reload();
    await page.locator('summary', { hasText: 'Le module' }).click();
    assert.equal(await page.locator('#module-family').inputValue(), 'MA');
    await context.close();
  },

  async 'a learner joins a cohort from the catalogue, a full one says why'({ browser, server, shots }) {
    const adminContext = await browser.newContext({ viewport: { width: 1000, height: 900 }, locale: 'fr-FR' });
    const admin = await adminContext.newPage();
    await signIn(admin, server, 'admin');
    await admin.goto(`${server.base}/cohorts`);
    await admin.locator('#cohort-programme').waitFor();
    await waitFor('the PASC programme in the list', () => admin.$$eval('#cohort-programme option', (o) => o.some((x) => x.textContent.includes('PASC') || x.textContent.includes('société civile'))));
    const pasc = await admin.$$eval('#cohort-programme option', (o) => o.find((x) => x.value && !x.textContent.includes('Takwia'))?.value);
    await admin.selectOption('#cohort-programme', pasc);
    for (const [name, capacity] of [['Agadir — grand groupe', '25'], ['Agadir — petit groupe', '1']]) {
      await admin.fill('#name', name);
      await admin.fill('#region', 'Souss-Massa');
      await admin.fill('#learning_hub', 'Espace associatif Agadir');
      await admin.fill('#starts_on', '2026-01-05');
      await admin.fill('#ends_on', '2030-06-30');
      await admin.fill('#capacity', capacity);
      await admin.check('#cohort-open');
      await admin.getByRole('button', { name: 'Créer' }).click();
      await admin.getByRole('link', { name: name }).waitFor();
    }
    // Typing a name that exists warns before anything is sent.
    await admin.fill('#name', 'agadir — PETIT groupe');
    await admin.getByText('Une cohorte de ce programme porte déjà ce nom').waitFor();
    await adminContext.close();

    // A first learner takes the only place of the small group.
    const firstContext = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
    const first = await firstContext.newPage();
    await signIn(first, server, 'learner');
    await first.getByRole('link', { name: 'Rejoindre une cohorte' }).click();
    await first.getByRole('heading', { name: 'Rejoindre une cohorte', level: 1 }).waitFor();
    await first.getByRole('button', { name: 'Rejoindre Agadir — petit groupe' }).click();
    await first.getByText('Vous avez rejoint Agadir — petit groupe.').waitFor();
    await first.locator('li', { hasText: 'Agadir — petit groupe' }).getByText('Vous y êtes inscrit·e').waitFor();
    await expectAccessible(first, 'the cohort catalogue');
    const overflow = await first.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the catalogue overflows a 360 px screen by ${overflow} px`);
    await first.screenshot({ path: join(shots, 'catalogue-360.png'), fullPage: true });
    await firstContext.close();

    // Another learner finds it full, with no button, and joins the large group.
    const api = (await browser.newContext()).request;
    const signedIn = await (await api.post(`${server.base}/api/v1/auth/login`, { data: server.accounts.admin })).json();
    const created = await api.post(`${server.base}/api/v1/accounts`, {
      headers: { 'x-csrf-token': signedIn.csrf_token, origin: server.base },
      data: { email: 'samira.ouali@example.org', full_name: 'Samira Ouali', role: 'learner', password: 'un mot de passe solide' },
    });
    assert.equal(created.status(), 201, await created.text());
    const secondContext = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
    const second = await secondContext.newPage();
    await signInAs(second, server, 'samira.ouali@example.org', 'un mot de passe solide');
    await second.goto(`${server.base}/catalogue`);
    const full = second.locator('li', { hasText: 'Agadir — petit groupe' });
    await full.getByText('Complète : plus aucune place').waitFor();
    assert.equal(await full.getByRole('button').count(), 0, 'a full cohort offers no button');
    const large = second.locator('li', { hasText: 'Agadir — grand groupe' });
    await large.getByText('Espace associatif Agadir').waitFor();
    await large.getByText('25 places restantes', { exact: false }).waitFor();
    await second.getByRole('button', { name: 'Rejoindre Agadir — grand groupe' }).click();
    await second.getByText('Vous avez rejoint Agadir — grand groupe.').waitFor();
    await second.screenshot({ path: join(shots, 'catalogue-full-360.png'), fullPage: true });
    await second.getByRole('link', { name: 'Mon parcours' }).first().click();
    await second.getByRole('heading', { name: 'Mon parcours' }).waitFor();
    await secondContext.close();
  },
  async 'an author translates a quiz into Arabic; learners reading Arabic get it, and the French where a translation is missing'({ browser, server, shots }) {
    const adminContext = await browser.newContext({ viewport: { width: 1000, height: 900 }, locale: 'fr-FR' });
    const admin = await adminContext.newPage();
    await signIn(admin, server, 'admin');
    const programmes = await (await admin.request.get(`${server.base}/api/v1/programmes`)).json();
    const takwia = programmes.items.find((p) => p.code === 'TAKWIA');
    const detail = await (await admin.request.get(`${server.base}/api/v1/programmes/${takwia.id}`)).json();
    const tk01 = detail.modules.find((m) => m.code === 'TK-01');
    await admin.goto(`${server.base}/authoring/modules/${tk01.id}`);
    const french = "Quelle instance élit le bureau d'une association ?";
    const question = admin.locator('fieldset', { has: admin.getByText('Question 1', { exact: true }) });
    await waitFor('the quiz to load', async () => (await question.getByLabel('Énoncé').inputValue()) === french);

    // Writing in Arabic: each field shows the French it would fall back to, and says so.
    const arabic = admin.getByRole('radio', { name: /العربية/ });
    const left = async () => Number((await admin.locator('.writing-language-option', { has: arabic }).locator('.badge').textContent()).match(/\d+/)[0]);
    const before = await left();
    assert.ok(before >= 10, `every text of the quiz is left to translate (${before})`);
    await arabic.check();
    const prompt = question.getByLabel('Énoncé');
    assert.equal(await prompt.inputValue(), '');
    assert.equal(await prompt.getAttribute('placeholder'), french);
    assert.equal(await prompt.getAttribute('dir'), 'rtl');
    await question.getByText('Non traduit : les apprenants qui lisent cette langue verront le texte français.').first().waitFor();
    await prompt.fill('أي هيئة تنتخب مكتب الجمعية؟');
    await question.getByLabel('Choix 1', { exact: true }).fill('الجمعية العامة');
    await waitFor('two fewer texts to translate', async () => (await left()) === before - 2);
    const preview = admin.locator('section.preview');
    await preview.getByText('أي هيئة تنتخب مكتب الجمعية؟').waitFor();
    assert.ok((await preview.getByText('Non traduit : affiché en français').count()) > 0, 'the preview marks the French shown for want of a translation');
    await admin.screenshot({ path: join(shots, 'assessment-editor-ar.png'), fullPage: true });
    await saveAssessment(admin);
    await adminContext.close();

    // A learner reading Arabic, on a phone.
    const learnerContext = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
    const learner = await learnerContext.newPage();
    await signIn(learner, server, 'learner');
    await learner.selectOption('.lang select', 'ar');
    await learner.goto(`${server.base}/modules/${tk01.id}`);
    const translated = learner.locator('fieldset.question', { hasText: 'أي هيئة تنتخب مكتب الجمعية؟' });
    await translated.getByText('الجمعية العامة', { exact: true }).waitFor();
    await translated.getByText('Le trésorier ou la trésorière', { exact: true }).waitFor();
    await learner.getByText('Quels documents attestent des décisions des instances ?').waitFor();
    await expectAccessible(learner, 'module page in Arabic');
    await learner.screenshot({ path: join(shots, 'module-quiz-ar.png'), fullPage: true });
    // Switching to French asks the server again.
    await learner.selectOption('.lang select', 'fr');
    await learner.locator('fieldset.question', { hasText: french }).waitFor();
    assert.equal(await learner.getByText('أي هيئة تنتخب مكتب الجمعية؟').count(), 0);
    await learnerContext.close();
  },

  async 'an administrator sets who issues and signs a programme, previews it and saves it'({ browser, server, shots }) {
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, locale: 'fr-FR' });
    const admin = await context.newPage();
    await signIn(admin, server, 'admin');
    await admin.goto(`${server.base}/programmes`);
    await admin.getByRole('link', { name: /Takwia/ }).first().click();
    await admin.getByRole('link', { name: "Identité de l'émetteur et signature" }).click();
    await admin.getByRole('heading', { name: "Identité de l'émetteur", level: 1 }).waitFor();
    await admin.getByText("Rien n'a encore été enregistré pour ce programme").waitFor();

    await admin.getByLabel('Organisme émetteur (français)').fill('Réseau des associations du Sahel');
    await admin.getByLabel('Organisme émetteur (arabe)').fill('شبكة جمعيات الساحل');
    await admin.getByLabel('Nom du ou de la signataire', { exact: true }).fill('Awa Diallo Traoré');
    await admin.getByLabel('Fonction du ou de la signataire').fill('Directrice exécutive');
    await admin.getByLabel('Lieu de délivrance', { exact: true }).fill('Nouakchott');
    // A file that is not an image is refused where it was chosen.
    await admin.setInputFiles('#issuer-signature', { name: 'signature.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7') });
    await admin.getByText('Le fichier doit être une image PNG ou SVG.').waitFor();
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="90"><path d="M10 70 C 50 0, 80 10, 110 60 S 190 80, 290 15" stroke="#1a237e" stroke-width="5" fill="none"/></svg>';
    await admin.setInputFiles('#issuer-signature', { name: 'signature.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(svg) });
    await admin.getByRole('img', { name: 'Signature' }).waitFor();
    const png = (await import('node:fs')).readFileSync(join(import.meta.dirname, '..', '..', 'server', 'src', 'attestation', 'badge.png'));
    await admin.setInputFiles('#issuer-stamp', { name: 'cachet.png', mimeType: 'image/png', buffer: png });
    await admin.getByRole('img', { name: 'Cachet' }).waitFor();

    // The preview is a PDF made from what is typed; nothing is saved yet.
    await admin.getByRole('button', { name: 'Aperçu PDF' }).click();
    const link = admin.getByRole('link', { name: "Ouvrir l'aperçu" });
    await link.waitFor();
    const head = await admin.evaluate(async (url) => new TextDecoder().decode((await (await fetch(url)).arrayBuffer()).slice(0, 5)), await link.getAttribute('href'));
    assert.equal(head, '%PDF-');
    const takwia = (await (await admin.request.get(`${server.base}/api/v1/programmes`)).json()).items.find((p) => p.code === 'TAKWIA');
    const before = await (await admin.request.get(`${server.base}/api/v1/programmes/${takwia.id}/issuer`)).json();
    assert.equal(before.saved_at, null, 'a preview saves nothing');
    await admin.screenshot({ path: join(shots, 'issuer-identity-desktop.png'), fullPage: true });
    await expectAccessible(admin, 'issuer identity');

    // A line too long for the page is refused on its field.
    await admin.getByLabel('Fonction du ou de la signataire').fill('W'.repeat(110));
    await admin.getByRole('button', { name: "Enregistrer l'identité" }).click();
    await admin.getByText("Trop long pour tenir lisiblement sur l'attestation : raccourcissez.").waitFor();
    await admin.getByLabel('Fonction du ou de la signataire').fill('Directrice exécutive');
    await admin.getByRole('button', { name: "Enregistrer l'identité" }).click();
    await admin.getByText('Identité enregistrée : les prochaines attestations la porteront.').waitFor();
    const after = await (await admin.request.get(`${server.base}/api/v1/programmes/${takwia.id}/issuer`)).json();
    assert.equal(after.signatory_name, 'Awa Diallo Traoré');
    assert.ok(after.signature && after.stamp, JSON.stringify(after));

    // On a phone, in Arabic: nothing runs off the screen.
    await admin.setViewportSize({ width: 360, height: 740 });
    await admin.selectOption('.lang select', 'ar');
    // The choice is kept once the Arabic words are here (they are downloaded first).
    await admin.locator('html[lang=ar]').waitFor({ state: 'attached' });
    await admin.reload();
    await admin.getByRole('heading', { name: 'هوية الجهة المانحة', level: 1 }).waitFor();
    await admin.getByRole('img', { name: 'التوقيع' }).waitFor();
    await admin.screenshot({ path: join(shots, 'issuer-identity-ar-360.png'), fullPage: true });
    const [width, widest] = await admin.evaluate(() => [document.documentElement.scrollWidth,
      [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > innerWidth + 1 || e.getBoundingClientRect().left < -1)
        .map((e) => `${e.tagName}.${e.className}`).slice(0, 5).join(' ')]);
    assert.ok(width <= 360, `the identity form fits a phone (${width} px): ${widest}`);
    await expectAccessible(admin, 'issuer identity in Arabic');
    await context.close();
  },
};
