import type { JobView } from '../api/api-types.ts';

/** What a person can do about each failure; the message itself comes from the server. */
const ADVICE_BY_CODE: Record<string, string> = {
  '1003': 'Check the layout: Akool refused a field of the request.',
  '1005': 'Akool is busy; submit again in a minute.',
  '1006': 'The Akool quota is used up: add credits to the Akool account, or switch the server to the local renderer.',
  '1007': 'Use an image with at most 8 faces.',
  '1101': "The server's Akool key or token is invalid or expired: the server's owner must update AKOOL_API_KEY or the client credentials.",
  '1102': "The server sent no Akool credentials: the server's owner must configure them.",
  '1200': 'The Akool account is banned: contact Akool support.',
  '1206': 'Akool could not process this composition; try again, or try other images.',
  timeout: 'The job took too long. Submit again; if it keeps happening, the renderer may be overloaded.',
  source_unreachable: 'Check that the image addresses are right and reachable from the server, or upload the files instead.',
};

export function failureAdvice(job: JobView): string {
  const code = job.error?.code;
  if (code !== undefined && ADVICE_BY_CODE[String(code)]) return ADVICE_BY_CODE[String(code)]!;
  const message = job.error?.message.toLowerCase() ?? '';
  if (message.includes('timed out') || message.includes('timeout')) return ADVICE_BY_CODE.timeout!;
  if (message.includes('fetch') || message.includes('reach') || message.includes('download')) {
    return ADVICE_BY_CODE.source_unreachable!;
  }
  return 'Submit again; if it fails the same way, change the images or the layout.';
}
