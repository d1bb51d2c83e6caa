/** Akool's business codes (error-code page), in words a person can act on. */
export const AKOOL_ERROR_MESSAGES: Readonly<Record<number, string>> = {
  1000: 'OK',
  1003: 'Akool refused a parameter of the request, or one was empty',
  1005: 'Akool says requests are too frequent; try again in a moment',
  1006: 'the Akool account has not enough quota (credits) for this job',
  1007: 'Akool refused the image: more than 8 faces',
  1101: 'Akool refused the credentials: the API key or token is invalid or expired',
  1102: 'Akool received no credentials (authorization is empty)',
  1200: 'the Akool account has been banned',
  1206: 'Akool could not process the background change',
};

export function akoolErrorMessage(code: number, msg?: string): string {
  const known = AKOOL_ERROR_MESSAGES[code];
  const detail = msg && msg !== 'OK' && (!known || !known.toLowerCase().includes(msg.toLowerCase())) ? ` (Akool: ${msg})` : '';
  return known ? `${known}${detail} [code ${code}]` : `Akool answered code ${code}${msg ? `: ${msg}` : ''}`;
}
