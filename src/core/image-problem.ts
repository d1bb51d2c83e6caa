/**
 * Why an image could not be used, in the words a person reads on the layer card: what it is (the file's name
 * or the URL as given) and the reason, which is the server's own when the server gave one.
 */

/** The reason phrases of the statuses an image address is likely to answer (HTTP/2 sends none of its own). */
const STATUS_PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  410: 'Gone',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** "HTTP 404 Not Found": the status and its reason phrase (the one the response gave, else the standard one). */
export function httpStatusWords(status: number, statusText = ''): string {
  const phrase = statusText.trim() || STATUS_PHRASES[status] || '';
  return phrase ? `HTTP ${status} ${phrase}` : `HTTP ${status}`;
}

/** The media type of a Content-Type header, without its parameters and in lower case ("text/html"), or null. */
export function mediaType(contentType: string | null | undefined): string | null {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type ? type : null;
}

/** "not an image: application/json": what an address answered instead of an image. */
export function notAnImageWords(contentType: string | null | undefined): string {
  const type = mediaType(contentType);
  return type ? `not an image: ${type}` : 'not an image (the answer has no content type)';
}

/** Why a file of a declared type is not taken: a non-image, or an image format the editor cannot use (SVG, HEIC…). */
export function unsupportedTypeWords(contentType: string): string {
  const type = mediaType(contentType);
  if (type?.startsWith('image/')) return `${type} is not a format this editor takes: use a PNG, JPEG, WebP or AVIF image`;
  return notAnImageWords(type);
}

/**
 * "bottle.png: the file is not a PNG…": the subject, then the reason. A reason that already starts with the
 * subject is kept as it is; a trailing full stop is dropped (the message is a clause of a sentence on the card).
 */
export function imageProblem(subject: string, reason: string): string {
  const words = reason.trim().replace(/\.$/, '') || 'it could not be loaded';
  return words.startsWith(`${subject}:`) ? words : `${subject}: ${words}`;
}
