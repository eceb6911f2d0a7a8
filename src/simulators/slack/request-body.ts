import type { IncomingMessage } from "node:http";

import type { CallEncoding, JsonObject } from "./types.js";

/**
 * Form-encoded callers (including @slack/web-api, which always form-encodes) send structured
 * arguments as JSON strings; Slack decodes them, and tests want objects, so we do too.
 */
const JSON_STRING_FIELDS = ["blocks", "attachments", "view", "metadata"];

export interface ParsedRequest {
  encoding: CallEncoding;
  params: JsonObject;
  /** Token from `Authorization: Bearer`, else from the `token` parameter of a form or query. */
  token: string | undefined;
  /** Set when the body could not be read as its content type claims. */
  malformed: boolean;
}

export async function readRawBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

export function parseApiRequest(req: IncomingMessage, rawBody: string): ParsedRequest {
  const query = new URL(req.url ?? "/", "http://localhost").searchParams;
  const contentType = (req.headers["content-type"] ?? "").toLowerCase();
  let encoding: CallEncoding = "query";
  let params: JsonObject = Object.fromEntries(query);
  let malformed = false;

  if (contentType.startsWith("application/json") && rawBody !== "") {
    encoding = "json";
    try {
      const parsed: unknown = JSON.parse(rawBody);
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) params = { ...params, ...parsed };
      else malformed = true;
    } catch {
      malformed = true;
    }
  } else if (rawBody !== "") {
    encoding = "form";
    params = { ...params, ...Object.fromEntries(new URLSearchParams(rawBody)) };
  }

  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
  // Slack ignores a token inside a JSON body: JSON callers must use the Authorization header.
  const paramToken = encoding === "json" ? undefined : params.token;
  const token = bearer ?? (typeof paramToken === "string" && paramToken !== "" ? paramToken : undefined);
  delete params.token;

  return { encoding, params: decodeJsonStrings(params), token, malformed };
}

function decodeJsonStrings(params: JsonObject): JsonObject {
  const out: JsonObject = { ...params };
  for (const key of JSON_STRING_FIELDS) {
    const value = out[key];
    if (typeof value !== "string") continue;
    try {
      out[key] = JSON.parse(value);
    } catch {
      // Left as a string: the method answers invalid_blocks_format / invalid_arguments, as Slack would.
    }
  }
  return out;
}

export function parseJsonObject(raw: string): JsonObject | undefined {
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}
