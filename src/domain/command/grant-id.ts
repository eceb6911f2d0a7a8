/**
 * Grant ids as minted by grant/grant-id.ts: "g-" and ten characters of lower-case RFC 4648 base32.
 * Kept exact so a mistyped id is caught at parse time with a useful message.
 */
export const GRANT_ID_PATTERN = /^g-[a-z2-7]{10}$/;

export function isGrantId(text: string): boolean {
  return GRANT_ID_PATTERN.test(text);
}
