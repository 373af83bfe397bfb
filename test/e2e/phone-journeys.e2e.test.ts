import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { type LanguageProblem, vietnameseProblems } from '../helpers/language-check.ts';
import { chromiumForFile, SHOTS } from './chromium.ts';
import { demoServerForFile } from './demo-server.ts';
import { signInCitizen, signInStaff } from './demo-sign-in.ts';

const browser = chromiumForFile();
const e2e = demoServerForFile();

/**
 * The citizen, site and manager journeys on a 360 px phone in Vietnamese: every screen and every tab
 * of each, read as a user reads it. A screen fails on a control or column it cuts off (a button whose
 * label does not fit, a cell beyond the edge of a box that does not scroll, a table that scrolls
 * without its first column pinned), and on text that is not Vietnamese (an ISO date, an untranslated
 * key, a vaccine code where its name belongs, an English phrase).
 */

interface Clipped {
  what: string;
  text: string;
  why: string;
}

/** Controls and columns the user cannot see whole on this screen (run in the page). */
function clippedControls(page: Page): Promise<Clipped[]> {
  return page.evaluate(() => {
    const out: { what: string; text: string; why: string }[] = [];
    const label = (el: Element) => {
      const named =
        (el.textContent ?? '').trim() ||
        el.getAttribute('placeholder') ||
        el.getAttribute('aria-label') ||
        ((el as HTMLInputElement).labels?.[0]?.textContent ?? '').trim() ||
        `${el.getAttribute('type') ?? ''} ${(el as HTMLInputElement).value ?? ''}`;
      return named.slice(0, 40);
    };
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
    };
    const scrollsX = (el: Element) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    const clipsX = (el: Element) => ['hidden', 'clip'].includes(getComputedStyle(el).overflowX);
    const controls = document.querySelectorAll(
      'button, a[href], input:not([type=hidden]), select, textarea, [role=tab], th',
    );
    for (const el of controls) {
      if (!visible(el) || el.closest('[aria-hidden=true]')) continue;
      const r = el.getBoundingClientRect();
      // A label cut inside its own button ("Đặt c"). (A text field's value scrolls inside it by nature.)
      const field = el.tagName === 'INPUT' || el.tagName === 'TEXTAREA';
      for (const part of field ? [] : [el, ...el.querySelectorAll('span')]) {
        // (A visually hidden label, 1 px wide for screen readers, is not cut off.)
        if (part.scrollWidth > part.clientWidth + 1 && clipsX(part) && part.clientWidth > 1)
          out.push({ what: el.tagName.toLowerCase(), text: label(el), why: 'label cut off' });
      }
      // Beyond the edge of a box that does not scroll (or of the screen).
      let reachable = false;
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (scrollsX(a)) {
          reachable = true;
          break;
        }
        if (clipsX(a)) {
          const box = a.getBoundingClientRect();
          if (r.right > box.right + 1 || r.left < box.left - 1) {
            out.push({ what: el.tagName.toLowerCase(), text: label(el), why: 'outside a box that cuts it' });
            reachable = true;
          }
          break;
        }
      }
      if (!reachable && r.right > window.innerWidth + 1)
        out.push({ what: el.tagName.toLowerCase(), text: label(el), why: 'beyond the screen edge' });
    }
    // A table that scrolls sideways keeps its first column (who or what the row is) in view.
    for (const table of document.querySelectorAll('table')) {
      if (!visible(table)) continue;
      const box = table.parentElement;
      let scroller: Element | null = null;
      for (let a = box; a && a !== document.body; a = a.parentElement)
        if (scrollsX(a) && a.scrollWidth > a.clientWidth + 1) {
          scroller = a;
          break;
        }
      if (!scroller) continue;
      const first = table.querySelector('tr > :first-child');
      if (first && getComputedStyle(first).position !== 'sticky')
        out.push({
          what: 'table',
          text: label(table.querySelector('tr') ?? table),
          why: 'scrolls without its first column pinned',
        });
    }
    // The page itself never scrolls sideways.
    if (document.documentElement.scrollWidth > window.innerWidth + 1)
      out.push({ what: 'page', text: document.title, why: 'the page scrolls sideways' });
    return out;
  });
}

const problems: { screen: string; clipped: Clipped[]; language: LanguageProblem[] }[] = [];

/** Checks the screen as it is now, with a screenshot to look at. */
async function check(page: Page, screen: string) {
  await page.waitForLoadState('networkidle');
  await page
    .locator('.mantine-Loader-root')
    .first()
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
  const clipped = await clippedControls(page);
  // Read as written, not as styled: a badge's CSS capitals would make a name look like a code.
  const language = vietnameseProblems(
    await page.evaluate(() => {
      const plain = document.createElement('style');
      plain.textContent = '* { text-transform: none !important; }';
      document.head.append(plain);
      const text = document.body.innerText;
      plain.remove();
      return text;
    }),
  );
  if (clipped.length || language.length) problems.push({ screen, clipped, language });
  await page.screenshot({ path: path.join(SHOTS, `phone-${screen}.png`), fullPage: true });
}

/** Each tab of the screen in turn, checked, and the tabs a tab shows inside it (visited once each). */
async function eachTab(page: Page, prefix: string) {
  const visited = new Set<string>();
  for (let round = 0; round < 40; round++) {
    const tabs = page.getByRole('tab');
    const names = await tabs.evaluateAll((all) =>
      all.map((el) => el.getAttribute('data-testid') ?? (el.textContent ?? '').trim()),
    );
    const next = names.findIndex((n) => !visited.has(n));
    if (next < 0) return;
    visited.add(names[next]);
    await tabs.nth(next).click();
    await check(page, `${prefix}-${names[next].replace(/[^\p{L}\p{N}-]+/gu, '_')}`);
  }
}

async function phone(): Promise<Page> {
  const context = await browser().newContext({ viewport: { width: 360, height: 780 }, locale: 'vi-VN' });
  return context.newPage();
}

describe('every screen on a 360 px phone, in Vietnamese', () => {
  afterAll(() => {
    for (const p of problems)
      console.log(
        `${p.screen}:\n${[...p.clipped.map((c) => `  clipped ${c.what} "${c.text}": ${c.why}`), ...p.language.map((l) => `  ${l.kind} "${l.match}" in …${l.context}…`)].join('\n')}`,
      );
  });

  it('the citizen: the household, each tab of a member, the passport lookup and the verifier', {
    timeout: 180_000,
  }, async () => {
    const logins = await (await fetch(`${e2e.url}/api/auth/demo-logins`)).json();
    const page = await phone();
    await signInCitizen(page, logins.citizens[0].phone);
    await check(page, 'citizen-household');
    await page
      .getByRole('link', { name: /^Xem hồ sơ/ })
      .first()
      .click();
    await page.getByRole('tab').first().waitFor();
    await eachTab(page, 'citizen-member');
    await page.goto(`${e2e.url}/passport`);
    await page.getByRole('heading').first().waitFor();
    await check(page, 'lookup');
    await page.goto(`${e2e.url}/verifier`);
    await page.getByRole('heading').first().waitFor();
    await check(page, 'verifier');
    await page.context().close();
  });

  it('the site: the day, sessions, stock, observation and the day report', { timeout: 180_000 }, async () => {
    const page = await phone();
    await signInStaff(page, 'demo.tiem', '/site');
    await page.getByTestId('day-row').first().waitFor();
    await eachTab(page, 'site');
    await page.context().close();
  });

  it('the managers: every tab of the dashboard, a person and their access log', {
    timeout: 180_000,
  }, async () => {
    const logins = await (await fetch(`${e2e.url}/api/auth/demo-logins`)).json();
    for (const role of ['commune_manager', 'province_manager']) {
      const account = logins.staff.find((s: { role: string }) => s.role === role);
      const page = await phone();
      await signInStaff(page, account.username, '/manager', account.password);
      await page.getByRole('tab').first().waitFor();
      await eachTab(page, role);
      await page.context().close();
    }
    const page = await phone();
    const commune = logins.staff.find((s: { role: string }) => s.role === 'commune_manager');
    await signInStaff(page, commune.username, '/staff', commune.password);
    await page.getByRole('tab').first().waitFor();
    await eachTab(page, 'staff');
    await page.context().close();
  });

  it('found nothing cut off and nothing untranslated', () => {
    expect(problems.map((p) => p.screen)).toEqual([]);
  });
});
