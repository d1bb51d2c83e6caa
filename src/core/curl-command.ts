/** Quotes a string for a POSIX shell: inside single quotes, a single quote is written '\''. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A cURL command that sends `body` to an Akool-protocol endpoint, with a placeholder where the token goes. */
export function buildCurlCommand(endpoint: string, body: unknown, token = 'YOUR_TOKEN'): string {
  return [
    `curl -X POST ${shellQuote(endpoint)}`,
    `  -H ${shellQuote(`Authorization: Bearer ${token}`)}`,
    `  -H 'Content-Type: application/json'`,
    `  -d ${shellQuote(JSON.stringify(body))}`,
  ].join(' \\\n');
}
