// The Chromium the tests run in (playwright.config.ts, the browser unit tests, the benchmarks), and, run as
// `node scripts/find-browser.mjs` (the first step of `npm test`), one installed when there is none:
//   1. CHROMIUM_PATH, when set (and then only it: a path that was asked for and is missing is an error);
//   2. Playwright's own Chromium, when `npx playwright install chromium` downloaded it;
//   3. Debian's package (/usr/bin/chromium, or chromium-browser).
// None: as root on Debian `apt-get install chromium`, then (or else) Playwright's installer, which downloads
// its own; still none: one line saying what to do, exit 1.
// Plain JavaScript so that package.json scripts run it with node alone, before anything is built.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const DEBIAN_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * Which browser to use, from the candidates in order of preference (pure: `exists` says which files exist).
 * Returns { path, source } or { path: null, problem } where problem says why none fits.
 */
export function chooseBrowser({ chromiumPath, playwrightChromium, debianPaths, exists }) {
  if (chromiumPath) {
    return exists(chromiumPath)
      ? { path: chromiumPath, source: 'CHROMIUM_PATH' }
      : { path: null, problem: `CHROMIUM_PATH is ${chromiumPath}, which does not exist` };
  }
  if (playwrightChromium && exists(playwrightChromium)) return { path: playwrightChromium, source: "Playwright's Chromium" };
  const debian = debianPaths.find((path) => exists(path));
  if (debian) return { path: debian, source: "Debian's Chromium" };
  return { path: null, problem: 'no Chromium found' };
}

/**
 * How to get a browser when there is none, in order: each step a list of commands (pure). As root on Debian,
 * Debian's package first: it brings the libraries Chromium needs, which Playwright's download lacks on a bare
 * machine, and it needs no download from outside the package mirror.
 */
export function installSteps({ isRoot, isDebian }) {
  const playwright = { name: "Playwright's installer", commands: [['npx', 'playwright', 'install', 'chromium']] };
  if (!(isRoot && isDebian)) return [playwright];
  return [{ name: 'apt-get', commands: [['apt-get', 'update', '-qq'], ['apt-get', 'install', '-y', '-qq', 'chromium']] }, playwright];
}

/** The one line said when no browser could be had. */
export function whatToDo({ isRoot, isDebian }) {
  const system = isDebian ? `"${isRoot ? '' : 'sudo '}apt-get install -y chromium"` : "your system's Chromium package";
  return `no Chromium for the tests, and none could be installed: run "npx playwright install chromium" where it can download, or ${system}, or set CHROMIUM_PATH to a Chromium or Chrome binary; then run npm test again`;
}

/** Where Playwright keeps the Chromium its installer downloads (whether or not it is there), or null. */
function playwrightChromium() {
  try {
    return createRequire(import.meta.url)('@playwright/test').chromium.executablePath() || null;
  } catch {
    return null;
  }
}

/** The browser on this machine: { path, source } or { path: null, problem }. */
export function findBrowser(env = process.env) {
  return chooseBrowser({
    chromiumPath: env.CHROMIUM_PATH || null,
    playwrightChromium: playwrightChromium(),
    // FIND_BROWSER_DEBIAN_PATHS (colon-separated) stands in for Debian's paths in tests of this script only.
    debianPaths: env.FIND_BROWSER_DEBIAN_PATHS ? env.FIND_BROWSER_DEBIAN_PATHS.split(':') : DEBIAN_CHROMIUM,
    exists: existsSync,
  });
}

function isDebian() {
  if (!existsSync('/etc/debian_version')) return false;
  // Ubuntu has the file too, but its chromium package is a snap that a container cannot run.
  const release = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  return !/^(ID|ID_LIKE)=.*ubuntu/m.test(release);
}

/** Runs one command; returns null when it succeeded, else a short reason. */
function run(command, quiet) {
  const [file, ...args] = command;
  const result = spawnSync(file, args, {
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    // A real download takes a minute or two; no network fails in under a minute.
    timeout: 15 * 60_000,
  });
  if (result.error) return result.error.message;
  if (result.status === 0) return null;
  const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
  const errors = output.split('\n').filter((line) => /^\s*Error:/.test(line));
  // The network's own error (no DNS, refused, timed out) says more than "Failed to download".
  const reason = (errors.find((line) => /\bE[A-Z_]{4,}\b/.test(line)) ?? errors[0])?.trim();
  return reason ?? `${command.join(' ')} exited with ${result.status ?? result.signal}`;
}

function main() {
  const found = findBrowser();
  if (found.path) {
    console.log(`find-browser: ${found.source}, ${found.path}`);
    return 0;
  }
  if (process.env.CHROMIUM_PATH) {
    console.error(`find-browser: ${found.problem}: point it at a Chromium or Chrome binary, or unset it`);
    return 1;
  }
  const situation = { isRoot: process.getuid?.() === 0, isDebian: isDebian() };
  for (const step of installSteps(situation)) {
    console.log(`find-browser: no Chromium found; installing one with ${step.name}: ${step.commands.map((c) => c.join(' ')).join(' && ')}`);
    let failed = null;
    for (const command of step.commands) {
      failed = run(command, step.name !== 'apt-get');
      if (failed) break;
    }
    const now = findBrowser();
    if (now.path) {
      console.log(`find-browser: ${now.source}, ${now.path}`);
      return 0;
    }
    console.log(`find-browser: ${step.name} gave no Chromium${failed ? ` (${failed})` : ''}`);
  }
  console.error(`find-browser: ${whatToDo(situation)}`);
  return 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(main());
