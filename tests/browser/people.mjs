// Browser tests of people and figures: a profile corrected by its person and
// by their partner manager, an invitation sent again, and "En chiffres"
// answering a donor's question with a file to hand over.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { expectAccessible, mailsTo, signIn, waitFor } from './helpers.mjs';

async function chooseOption(page, select, text) {
  const value = await waitFor(`an option containing ${text}`, () =>
    page.$$eval(`${select} option`, (options, t) => options.find((o) => o.textContent.includes(t))?.value, text));
  await page.selectOption(select, value);
}

export const peopleTests = {
  async 'a partner corrects a learner\'s names in Arabic and sends the invitation again'({ browser, server, shots }) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
    const partner = await context.newPage();
    await signIn(partner, server, 'partner');
    await partner.goto(`${server.base}/import`);
    await chooseOption(partner, '#import-cohort', 'Takwia');
    const list = 'Courriel;Prénom;Nom;Catégorie;Organisation;Fonction;Sexe;Langue\n' +
      'rim.haddad@ena.example.tn;Rim;Hadad;Acteur public;ENA;Juriste;F;arabe\n';
    await partner.setInputFiles('#import-file', { name: 'liste.csv', mimeType: 'text/csv', buffer: Buffer.from(list) });
    await partner.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await partner.getByRole('button', { name: "Confirmer l'inscription" }).click();
    await partner.getByRole('heading', { name: 'Inscriptions enregistrées' }).waitFor();
    const first = await waitFor('the invitation', () => mailsTo(server, 'rim.haddad@ena.example.tn')[0]);
    assert.match(first, /قامت ENA — École nationale d'administration بتسجيلك/, 'in her language, naming the institution');

    await partner.goto(`${server.base}/people`);
    await partner.getByRole('link', { name: 'Rim Hadad' }).click();
    await partner.getByRole('heading', { name: 'Profil' }).waitFor();
    assert.equal(await partner.inputValue('#profile-sex'), 'female');
    await partner.selectOption('.lang select', 'ar');
    await partner.getByRole('heading', { name: 'الملف الشخصي' }).waitFor();
    await partner.fill('#profile-name', 'Rim Haddad');
    await partner.fill('#profile-name-ar', 'ريم حداد');
    await partner.fill('#profile-birth-year', '1994');
    await partner.getByRole('button', { name: 'حفظ' }).click();
    await partner.getByRole('status').getByText('تم الحفظ.').waitFor();
    await expectAccessible(partner, 'a learner\'s profile, in Arabic, at 360 px');
    await partner.screenshot({ path: join(shots, 'profile-partner-ar.png'), fullPage: true });
    const width = await partner.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the profile fits a phone (${width} px)`);

    await partner.getByRole('button', { name: 'إعادة إرسال الدعوة' }).click();
    await partner.getByText('أُعيد إرسال الدعوة إلى rim.haddad@ena.example.tn.').waitFor();
    const both = await waitFor('the second invitation', () => { const m = mailsTo(server, 'rim.haddad@ena.example.tn'); return m.length >= 2 && m; });
    assert.match(both[1], /Rim Haddad/, 'to the corrected name');
    await partner.getByRole('button', { name: 'إعادة إرسال الدعوة' }).click();
    await partner.getByText('أُرسلت دعوة قبل قليل').waitFor();
    await context.close();
  },

  async 'a learner states and corrects their own profile, a wrong year refused in place'({ context, server, shots }) {
    const page = await context.newPage();
    await signIn(page, server, 'learner');
    await page.locator('.who a').click();
    await page.getByRole('heading', { name: 'Mon profil' }).waitFor();
    await page.selectOption('#profile-sex', 'female');
    await page.fill('#profile-birth-year', '1890');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('#profile-birth-year-error').getByText(/Année de naissance invraisemblable/).waitFor();
    assert.equal(await page.getAttribute('#profile-birth-year', 'aria-invalid'), 'true');
    await page.fill('#profile-birth-year', '1996');
    await page.fill('#profile-commune', 'Sefrou');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('status').getByText('Enregistré.').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Mon profil' }).waitFor();
    await waitFor('the saved year', async () => (await page.inputValue('#profile-birth-year')) === '1996');
    assert.equal(await page.inputValue('#profile-commune'), 'Sefrou');
    await expectAccessible(page, 'own profile');
    await page.screenshot({ path: join(shots, 'profile-own.png'), fullPage: true });
  },

  async 'an administrator answers a donor\'s question in "En chiffres" and downloads it'({ browser, server, shots }) {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'fr-FR', acceptDownloads: true });
    const admin = await context.newPage();
    await signIn(admin, server, 'admin');
    await admin.goto(`${server.base}/dashboard`);
    await admin.getByRole('heading', { name: 'En chiffres' }).waitFor();
    await admin.getByRole('button', { name: 'Toute la durée' }).click();
    await admin.selectOption('#indicators-sex', 'female');
    await admin.selectOption('#indicators-dimension', 'age_band');
    await admin.getByRole('columnheader', { name: "Tranche d'âge" }).waitFor();
    for (const band of ['15–24', '25–34', '35–49', '50+', 'Non précisé']) await admin.getByRole('rowheader', { name: band }).waitFor();
    await expectAccessible(admin, 'En chiffres, filtered');
    await admin.screenshot({ path: join(shots, 'indicators-desktop.png'), fullPage: true });

    const xlsx = admin.getByRole('link', { name: 'Télécharger (XLSX)' });
    assert.match(await xlsx.getAttribute('href'), /sex=female/);
    assert.doesNotMatch(await xlsx.getAttribute('href'), /masked/);
    await admin.getByLabel(/Masquer les effectifs de 1 à 4/).check();
    assert.match(await xlsx.getAttribute('href'), /masked=true/);
    const [download] = await Promise.all([admin.waitForEvent('download'), xlsx.click()]);
    assert.match(download.suggestedFilename(), /^cursus-indicateurs.*\.xlsx$/);
    const bytes = await (await import('node:fs/promises')).readFile(await download.path());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'a workbook');
    await context.close();

    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'ar' });
    const partner = await phone.newPage();
    await signIn(partner, server, 'partner');
    await partner.selectOption('.lang select', 'ar');
    await partner.goto(`${server.base}/dashboard`);
    await partner.getByRole('heading', { name: 'بالأرقام' }).waitFor();
    await partner.getByText('تكتب ملفاتك «<5» للأعداد من 1 إلى 4.').waitFor();
    const width = await partner.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `"En chiffres" fits a phone (${width} px)`);
    await partner.screenshot({ path: join(shots, 'indicators-partner-ar-360.png'), fullPage: true });
    await phone.close();
  },
};
