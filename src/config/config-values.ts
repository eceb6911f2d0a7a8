import { isAjarError } from "../domain/errors.js";
import { parseIpPrefix } from "../domain/net/index.js";
import { parseDuration } from "../domain/time/parse-duration.js";

/**
 * Checks of single values that record a problem under its key and carry on, so one run of the
 * configuration reports every mistake in it.
 */
export interface ValueChecks {
  /** Seconds; `allowOff` accepts `0`/`off` for a notice that can be switched off. */
  duration(key: string, text: string, allowOff?: boolean, maxSeconds?: number): number;
  prefix(key: string, text: string): void;
}

export function valueChecks(problems: string[]): ValueChecks {
  return {
    duration(key, text, allowOff = false, maxSeconds) {
      // Some notices can be switched off; say so explicitly rather than with a tiny duration.
      if (allowOff && /^(0s?|off)$/i.test(text.trim())) return 0;
      try {
        return parseDuration(text, maxSeconds === undefined ? {} : { maxSeconds });
      } catch (error) {
        problems.push(
          `${key}: ${JSON.stringify(text)} — expected a duration such as 30m, 2h or PT1H (${isAjarError(error) ? error.userMessage : String(error)})`,
        );
        return 0;
      }
    },
    prefix(key, text) {
      try {
        parseIpPrefix(text);
      } catch (error) {
        problems.push(
          `${key}: ${JSON.stringify(text)} — expected an IP address or CIDR (${isAjarError(error) ? error.userMessage : String(error)})`,
        );
      }
    },
  };
}
