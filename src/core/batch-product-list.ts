/** A product named by a URL in a pasted list or a CSV. */
export interface ListedProduct {
  image: string;
  name: string;
}

export interface ProductListReading {
  products: ListedProduct[];
  /** Lines that are not a product, with the reason (1-based line numbers). */
  problems: Array<{ line: number; message: string }>;
}

/** The last segment of a URL's path, decoded: what a product is called when the list gives no name. */
export function nameFromUrl(url: string): string {
  try {
    const segment = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
    return decodeURIComponent(segment) || new URL(url).hostname;
  } catch {
    return url;
  }
}

/** Splits one CSV line on commas, honouring double quotes ("a, b" and "" inside quotes). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',' || char === ';' || char === '\t') {
      fields.push(field.trim());
      field = '';
    } else field += char;
  }
  fields.push(field.trim());
  return fields;
}

/**
 * Reads a pasted list of products: one per line, a URL alone or a CSV line `url,name` (also `;` or tab
 * separated, quotes allowed). Blank lines and a header line (`url,name`) are skipped; anything else that is not
 * an http(s) URL is reported with its line number, and the other lines still count.
 */
export function parseProductList(text: string): ProductListReading {
  const products: ListedProduct[] = [];
  const problems: ProductListReading['problems'] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const [first = '', second = ''] = csvFields(line);
    if (index === 0 && /^(url|image)$/i.test(first)) return;
    let url: URL | null = null;
    try {
      url = new URL(first);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      problems.push({ line: index + 1, message: `line ${index + 1}: ${JSON.stringify(first.slice(0, 60))} is not an http(s) URL` });
      return;
    }
    products.push({ image: first, name: second || nameFromUrl(first) });
  });
  return { products, problems };
}
