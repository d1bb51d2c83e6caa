import { describe, expect, it } from 'vitest';
import { chooseBrowser, DEBIAN_CHROMIUM, installSteps, whatToDo } from './find-browser.mjs';

const PLAYWRIGHT = '/home/me/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome';
const on = (...present: string[]) => (path: string) => present.includes(path);
const candidates = { chromiumPath: null, playwrightChromium: PLAYWRIGHT, debianPaths: DEBIAN_CHROMIUM };

describe('chooseBrowser', () => {
  it('takes CHROMIUM_PATH first, even when other browsers are there', () => {
    expect(chooseBrowser({ ...candidates, chromiumPath: '/opt/chrome/chrome', exists: on('/opt/chrome/chrome', PLAYWRIGHT, '/usr/bin/chromium') })).toEqual({
      path: '/opt/chrome/chrome',
      source: 'CHROMIUM_PATH',
    });
  });

  it('does not fall back when CHROMIUM_PATH names a missing file: it says which', () => {
    expect(chooseBrowser({ ...candidates, chromiumPath: '/opt/none', exists: on(PLAYWRIGHT, '/usr/bin/chromium') })).toEqual({
      path: null,
      problem: 'CHROMIUM_PATH is /opt/none, which does not exist',
    });
  });

  it("prefers Playwright's downloaded Chromium to Debian's", () => {
    expect(chooseBrowser({ ...candidates, exists: on(PLAYWRIGHT, '/usr/bin/chromium') }).path).toBe(PLAYWRIGHT);
  });

  it("takes Debian's chromium, or chromium-browser, when Playwright has none downloaded", () => {
    expect(chooseBrowser({ ...candidates, exists: on('/usr/bin/chromium', '/usr/bin/chromium-browser') })).toEqual({
      path: '/usr/bin/chromium',
      source: "Debian's Chromium",
    });
    expect(chooseBrowser({ ...candidates, exists: on('/usr/bin/chromium-browser') }).path).toBe('/usr/bin/chromium-browser');
    expect(chooseBrowser({ ...candidates, playwrightChromium: null, exists: on('/usr/bin/chromium') }).path).toBe('/usr/bin/chromium');
  });

  it('finds none when no candidate exists', () => {
    expect(chooseBrowser({ ...candidates, exists: on('/usr/bin/firefox') })).toEqual({ path: null, problem: 'no Chromium found' });
  });
});

describe('installSteps', () => {
  const commands = (situation: { isRoot: boolean; isDebian: boolean }) => installSteps(situation).map((step) => step.commands);

  it("as root on Debian: apt-get after an update, then Playwright's installer", () => {
    expect(commands({ isRoot: true, isDebian: true })).toEqual([
      [
        ['apt-get', 'update', '-qq'],
        ['apt-get', 'install', '-y', '-qq', 'chromium'],
      ],
      [['npx', 'playwright', 'install', 'chromium']],
    ]);
  });

  it("otherwise only Playwright's installer: no apt-get without root, nor off Debian", () => {
    for (const situation of [
      { isRoot: false, isDebian: true },
      { isRoot: true, isDebian: false },
      { isRoot: false, isDebian: false },
    ]) {
      expect(commands(situation)).toEqual([[['npx', 'playwright', 'install', 'chromium']]]);
    }
  });
});

describe('whatToDo', () => {
  it('is one line naming the commands that fit the machine', () => {
    const user = whatToDo({ isRoot: false, isDebian: true });
    expect(user).not.toContain('\n');
    expect(user).toContain('npx playwright install chromium');
    expect(user).toContain('sudo apt-get install -y chromium');
    expect(user).toContain('CHROMIUM_PATH');
    expect(whatToDo({ isRoot: true, isDebian: true })).toContain('"apt-get install -y chromium"');
    expect(whatToDo({ isRoot: false, isDebian: false })).not.toContain('apt-get');
  });
});
