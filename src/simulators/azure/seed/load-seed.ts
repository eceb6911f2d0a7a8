import { readFile } from "node:fs/promises";
import { extname } from "node:path";

import { parse as parseYaml } from "yaml";

import { buildState } from "../state/build-state.js";
import { azureSeedSchema, type AzureSeed, type ParsedAzureSeed } from "./seed-schema.js";

export class AzureSeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AzureSeedError";
  }
}

/**
 * Validates a seed's shape and its internal references (a NIC's subnet must exist, an assignment's
 * role must be defined...), so a typo fails at load time with the path to the bad field instead of
 * surfacing later as a puzzling 404.
 */
export function parseAzureSeed(data: unknown, source = "seed"): ParsedAzureSeed {
  const result = azureSeedSchema.safeParse(data);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new AzureSeedError(`Invalid Azure simulator seed (${source}):\n${lines.join("\n")}`);
  }
  try {
    buildState(result.data);
  } catch (error) {
    throw new AzureSeedError(`Invalid Azure simulator seed (${source}): ${(error as Error).message}`);
  }
  return result.data;
}

/** Reads a seed from a .yaml/.yml or .json file. */
export async function loadAzureSeed(path: string): Promise<ParsedAzureSeed> {
  const text = await readFile(path, "utf8");
  let data: unknown;
  try {
    data = extname(path).toLowerCase() === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new AzureSeedError(`Cannot parse Azure simulator seed ${path}: ${(error as Error).message}`);
  }
  return parseAzureSeed(data, path);
}

export type { AzureSeed, ParsedAzureSeed };
