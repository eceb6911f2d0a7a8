import { formatGrantRows, listGrants } from "../../ops/records/grant-rows.js";
import { cliArgs } from "../cli-args.js";
import { explainErrors } from "../cli-errors.js";
import { openRuntime } from "../open-runtime.js";
import type { CliCommand } from "./command.js";

const USAGE = "ajar grants [--active] [--user <slack user id>] [--vm <name>] [--limit N] [--json]";

export const grantsCommand: CliCommand = {
  summary: "list grants, newest first (--active: rules open now)",
  run: (args, env) =>
    explainErrors(async () => {
      const parsed = cliArgs(
        args,
        {
          active: { type: "boolean" },
          user: { type: "string" },
          vm: { type: "string" },
          limit: { type: "string" },
          json: { type: "boolean" },
        },
        USAGE,
      );
      if (!parsed) return 2;
      const { active, user, vm, limit, json } = parsed.values;
      const max = limit === undefined ? 50 : Number(limit);
      if (!Number.isInteger(max) || max < 1) {
        console.error(`--limit takes a positive whole number.\nUsage: ${USAGE}`);
        return 2;
      }
      const { runtime } = openRuntime(env, { needsSlack: false });
      try {
        const grants = await listGrants(runtime.deps.store, {
          ...(active ? { active } : {}),
          ...(user ? { user } : {}),
          ...(vm ? { vm } : {}),
          limit: max,
        });
        const lines = json ? grants.map((g) => JSON.stringify(g)) : formatGrantRows(grants, runtime.deps.clock.now());
        for (const line of lines) console.log(line);
        return 0;
      } finally {
        await runtime.close();
      }
    }),
};
