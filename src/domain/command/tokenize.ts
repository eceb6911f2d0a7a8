export interface Token {
  value: string;
  /** Offset in the original text, so free text (the reason) can be taken verbatim. */
  start: number;
}

/** Splits on any Unicode whitespace; Slack passes non-breaking spaces through from some clients. */
export function tokenize(text: string): Token[] {
  return [...text.matchAll(/\S+/gu)].map((m) => ({ value: m[0], start: m.index ?? 0 }));
}
