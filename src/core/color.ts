const HEX_COLOR = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** "#AbC" -> "#aabbcc", "#AABBCC" -> "#aabbcc"; null when the text is not a hex colour. */
export function normalizeHexColor(text: string): string | null {
  const match = HEX_COLOR.exec(text.trim());
  if (!match) return null;
  const digits = match[1]!.toLowerCase();
  if (digits.length === 6) return `#${digits}`;
  return `#${[...digits].map((digit) => digit + digit).join('')}`;
}
