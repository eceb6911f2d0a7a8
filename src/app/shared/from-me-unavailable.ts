import type { Deps } from "../deps.js";

/** Why `from me` cannot be offered here, or undefined when it can. */
export function fromMeUnavailable(settings: Deps["settings"]): string | undefined {
  return settings.publicUrl
    ? undefined
    : "`from me` needs ajar's public address (AJAR_PUBLIC_URL), which this installation does not have (for example Socket Mode behind a firewall). Type your address instead: `from 203.0.113.7`.";
}
