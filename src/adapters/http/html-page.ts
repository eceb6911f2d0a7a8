import type { ServerResponse } from "node:http";

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Everything put into a page goes through here: addresses and ids come from outside. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

export interface Page {
  status: number;
  title: string;
  /** Paragraphs of plain text, escaped when rendered. */
  paragraphs: string[];
  /** A confirm button posting back to the same address. */
  form?: { action: string; label: string };
}

/**
 * Plain HTML, no scripts, nothing loaded from elsewhere; the policy headers say so to the browser too,
 * and keep the link (a secret) out of referrers and caches.
 */
export function sendPage(res: ServerResponse, page: Page): void {
  const body = [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(page.title)}</title></head>`,
    '<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto; padding: 0 1em">',
    `<h1>${escapeHtml(page.title)}</h1>`,
    ...page.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(page.form
      ? [
          `<form method="post" action="${escapeHtml(page.form.action)}"><button type="submit">${escapeHtml(page.form.label)}</button></form>`,
        ]
      : []),
    "</body></html>",
  ].join("\n");
  res.writeHead(page.status, {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy":
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
  });
  res.end(body);
}
