import { describe, expect, it } from 'vitest';
import { AKOOL_EXAMPLES } from './akool-examples.ts';
import { buildCurlCommand, shellQuote } from './curl-command.ts';

/** Reads one shell word made only of '...' parts and \' escapes, as a POSIX shell does; throws on anything else. */
function readQuotedWord(word: string): string {
  let result = '';
  let rest = word;
  while (rest.length > 0) {
    if (rest.startsWith("\\'")) {
      result += "'";
      rest = rest.slice(2);
    } else if (rest.startsWith("'")) {
      const end = rest.indexOf("'", 1);
      if (end < 0) throw new Error(`unterminated quote in ${word}`);
      result += rest.slice(1, end);
      rest = rest.slice(end + 1);
    } else {
      throw new Error(`unquoted text in ${word}: ${rest}`);
    }
  }
  return result;
}

describe('shellQuote', () => {
  it('wraps text in single quotes', () => {
    expect(shellQuote('abc')).toBe("'abc'");
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('$HOME `id` "x" \\ !')).toBe('\'$HOME `id` "x" \\ !\'');
  });

  it("writes a single quote as '\\''", () => {
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote("''")).toBe("''\\'''\\'''");
  });

  it('gives the text back unchanged when a POSIX shell reads it', () => {
    for (const text of ["it's", '$(rm -rf /) `x` $HOME', 'a\nb', "'\"'", '']) {
      expect(readQuotedWord(shellQuote(text))).toBe(text);
    }
  });
});

describe('buildCurlCommand', () => {
  const endpoint = 'https://openapi.akool.com/api/open/v3/content/image/bg/replace';

  it('posts the body as JSON with a placeholder token, one option a line', () => {
    expect(buildCurlCommand(endpoint, { a: 1 })).toBe(
      [
        `curl -X POST '${endpoint}' \\`,
        `  -H 'Authorization: Bearer YOUR_TOKEN' \\`,
        `  -H 'Content-Type: application/json' \\`,
        `  -d '{"a":1}'`,
      ].join('\n'),
    );
  });

  it('uses the token it is given', () => {
    expect(buildCurlCommand(endpoint, {}, 'abc')).toContain("-H 'Authorization: Bearer abc'");
  });

  it('quotes a body containing single quotes so the shell passes it on intact', () => {
    const body = { ...AKOOL_EXAMPLES.color, origin_img: "https://example.com/it's.png" };
    const command = buildCurlCommand(endpoint, body);
    const dataArgument = command.split('-d ')[1]!;
    expect(readQuotedWord(dataArgument)).toBe(JSON.stringify(body));
  });
});
