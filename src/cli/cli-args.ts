import { parseArgs, type ParseArgsConfig } from "node:util";

import { errorMessage } from "../domain/errors.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * node:util parseArgs with the CLI's manners: a bad flag prints the command's usage and the command
 * exits 2, instead of a TypeError stack.
 */
export function cliArgs<O extends Options>(
  args: string[],
  options: O,
  usage: string,
  allowPositionals = false,
): ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: boolean }>> | undefined {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (error) {
    console.error(`${errorMessage(error)}\nUsage: ${usage}`);
    return undefined;
  }
}
