import { dmsTo, until, type E2E } from "./e2e.js";

/** The listener's port is known only once it listens, so the public URL is set on the live settings. */
export function servePublicUrl(e2e: E2E): void {
  e2e.stack.runtime.deps.settings.publicUrl = e2e.stack.web.url!;
}

/** The newest `from me` link DMed to the user. */
export async function linkSentTo(e2e: E2E, userId: string, after = 0): Promise<string> {
  return until(`a link DM to ${userId}`, () => {
    const links = dmsTo(e2e, userId).flatMap(
      (t) => /(https?:\/\/\S+\/ajar\/my-ip\/\S+?) \(works once/.exec(t)?.[1] ?? [],
    );
    return links.length > after ? links.at(-1) : undefined;
  });
}

export interface Opened {
  status: number;
  html: string;
}

/** Opens the link as a browser would: GET shows the address, POST (the confirm button) records it. */
export async function openLink(
  url: string,
  options: { method?: "GET" | "POST"; forwardedFor?: string } = {},
): Promise<Opened> {
  const response = await fetch(url, {
    method: options.method ?? "POST",
    headers: options.forwardedFor ? { "x-forwarded-for": options.forwardedFor } : {},
  });
  return { status: response.status, html: await response.text() };
}
