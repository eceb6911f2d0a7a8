import type { JsonObject } from "./types.js";

/** A Slack platform error: answered as HTTP 200 `{ ok: false, error, ...extra }`. */
export class ApiError extends Error {
  constructor(
    readonly error: string,
    readonly extra: JsonObject = {},
  ) {
    super(error);
  }
}

/** Slack explains argument problems in response_metadata.messages, with a JSON pointer. */
export function invalidArguments(...messages: string[]): ApiError {
  return new ApiError("invalid_arguments", { response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) } });
}

export function stringArg(args: JsonObject, key: string): string | undefined {
  const value = args[key];
  if (typeof value === "string") return value === "" ? undefined : value;
  if (typeof value === "number") return String(value);
  return undefined;
}

export function requireString(args: JsonObject, key: string, error?: string): string {
  const value = stringArg(args, key);
  if (value === undefined)
    throw error === undefined ? invalidArguments(`missing required field: ${key}`) : new ApiError(error);
  return value;
}

export function boolArg(args: JsonObject, key: string): boolean | undefined {
  const value = args[key];
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  return undefined;
}

export function objectArg(args: JsonObject, key: string): JsonObject | undefined {
  const value = args[key];
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}
