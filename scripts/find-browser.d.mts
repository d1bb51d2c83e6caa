// Types of find-browser.mjs (plain JavaScript so that package.json scripts run it with node alone).
export type BrowserChoice = { path: string; source: string } | { path: null; problem: string };
export interface Situation {
  isRoot: boolean;
  isDebian: boolean;
}
export declare const DEBIAN_CHROMIUM: readonly string[];
export declare function chooseBrowser(candidates: {
  chromiumPath: string | null;
  playwrightChromium: string | null;
  debianPaths: readonly string[];
  exists: (path: string) => boolean;
}): BrowserChoice;
export declare function installSteps(situation: Situation): Array<{ name: string; commands: string[][] }>;
export declare function whatToDo(situation: Situation): string;
export declare function findBrowser(env?: NodeJS.ProcessEnv): BrowserChoice;
