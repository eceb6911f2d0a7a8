import { isIPv4 } from "node:net";

/**
 * Loopback means this machine only: 127.0.0.0/8, ::1 and `localhost`. Anything else — including
 * names that merely start with "127." or "localhost." — is remote, and a token must not cross it in
 * clear text.
 */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (host === "localhost" || host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
  return isIPv4(host) && host.startsWith("127.");
}

export function isLoopbackUrl(url: string | URL): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}
