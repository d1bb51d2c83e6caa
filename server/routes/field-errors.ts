import type { z } from 'zod';

/** Field -> what is wrong with it (the first problem zod found for each), as this API's errors name them. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[String(issue.path[0] ?? 'body')] ??= issue.message;
  return fields;
}
