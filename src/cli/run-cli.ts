import { ConfigError } from "../config/env-config.js";
import { COMMANDS, usage } from "./commands/index.js";

/**
 * `ajar <command>`: returns the exit code for one-shot commands, or undefined for long-running
 * ones (they exit on a signal). Configuration errors print their explanation, never a stack.
 */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv): Promise<number | undefined> {
  const [name = "all", ...args] = argv;
  if (name === "help" || name === "--help" || name === "-h") {
    console.log(usage());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(args, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}
