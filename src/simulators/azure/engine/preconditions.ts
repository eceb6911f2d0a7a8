import { ArmHttpError } from "../http/arm-error.js";

export interface PreconditionHeaders {
  ifMatch?: string;
  ifNoneMatch?: string;
}

/** Reads If-Match / If-None-Match from raw request headers (Node lower-cases names). */
export function preconditionsOf(headers: Record<string, string | string[] | undefined>): PreconditionHeaders {
  const one = (name: string): string | undefined => {
    const value = headers[name];
    const text = Array.isArray(value) ? value.join(",") : value;
    return text === undefined || text.trim() === "" ? undefined : text.trim();
  };
  const ifMatch = one("if-match");
  const ifNoneMatch = one("if-none-match");
  return { ...(ifMatch === undefined ? {} : { ifMatch }), ...(ifNoneMatch === undefined ? {} : { ifNoneMatch }) };
}

/** ARM etags are weak (`W/"…"`); clients echo them back as read, some without the `W/` prefix. */
const opaque = (tag: string): string => tag.trim().replace(/^W\//, "");

function matches(list: string, etag: string): boolean {
  return list.split(",").some((candidate) => opaque(candidate) === opaque(etag));
}

/**
 * ARM's conditional writes: `If-Match: *` means "must exist", `If-Match: <etag>` "must still be this
 * version", `If-None-Match: *` "must not exist yet". Any miss is 412 PreconditionFailed, nothing written.
 * `currentEtag` is undefined when the resource does not exist.
 */
export function checkPreconditions(
  resourceId: string,
  pre: PreconditionHeaders,
  currentEtag: string | undefined,
): void {
  if (pre.ifMatch !== undefined) {
    const ok = currentEtag !== undefined && (pre.ifMatch === "*" || matches(pre.ifMatch, currentEtag));
    if (!ok) throw preconditionFailed(resourceId, `If-Match = '${pre.ifMatch}'`, currentEtag);
  }
  if (pre.ifNoneMatch !== undefined && currentEtag !== undefined) {
    if (pre.ifNoneMatch === "*" || matches(pre.ifNoneMatch, currentEtag))
      throw preconditionFailed(resourceId, `If-None-Match = '${pre.ifNoneMatch}'`, currentEtag);
  }
}

const preconditionFailed = (resourceId: string, condition: string, currentEtag: string | undefined): ArmHttpError =>
  new ArmHttpError(
    412,
    "PreconditionFailed",
    currentEtag === undefined
      ? `The condition ${condition} failed: resource ${resourceId} does not exist.`
      : `The condition ${condition} failed for resource ${resourceId}; its current etag is '${currentEtag}'. Read the resource again and retry.`,
  );
