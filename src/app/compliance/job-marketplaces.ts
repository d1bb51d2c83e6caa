/**
 * The marketplace preset each job was composed with, so its card can show that marketplace's verdict. Akool's
 * body has no field for it, so the browser keeps it (localStorage: it outlives a reload, like the draft).
 */
const STORAGE_KEY = 'background-composer.job-marketplaces';
/** Enough for any history a person scrolls; the oldest are dropped first. */
const KEPT = 500;

function read(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function rememberJobMarketplace(jobId: string, marketplace: string): void {
  const entries = Object.entries({ ...read(), [jobId]: marketplace }).slice(-KEPT);
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries(entries)));
  } catch {
    // Storage full or refused: the card then shows no verdict, nothing else is lost.
  }
}

export const jobMarketplace = (jobId: string): string | undefined => read()[jobId];
