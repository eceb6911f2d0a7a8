import { pino, type Logger as PinoLogger } from "pino";

/**
 * Structured JSON logs. Secrets are redacted by key wherever they appear, and a second pass masks
 * token-shaped strings inside messages, because a library error can quote a header verbatim.
 */
export const REDACTED_KEYS = [
  "token",
  "botToken",
  "appToken",
  "signingSecret",
  "authorization",
  "Authorization",
  "password",
  "secret",
  "AZURE_ARM_TOKEN",
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
  "response_url",
  "responseUrl",
];

const TOKEN_SHAPES =
  /(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|Bearer\s+[A-Za-z0-9._~+/=-]+|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9._-]+)/g;

export const maskSecrets = (text: string): string => text.replace(TOKEN_SHAPES, "[REDACTED]");

/**
 * Token-shaped strings anywhere in the logged object, not only under known keys: a field such as
 * `reason` or `detail` often carries an upstream error message verbatim. Depth-limited, copy-on-write.
 */
export function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return maskSecrets(value);
  if (depth >= 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, depth + 1));
  // Errors and other class instances are left to their serializers (err masks its own text).
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, depth + 1)]));
}

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): PinoLogger {
  const paths = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);
  return pino(
    {
      level: options.level ?? "info",
      base: { service: "ajar" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths, censor: "[REDACTED]" },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => maskDeep(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === "string" ? maskSecrets(a) : a));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
      serializers: {
        err: (value: unknown) =>
          maskSecrets(value instanceof Error ? `${value.name}: ${value.message}` : String(value)),
      },
    },
    (options.destination ?? process.stdout) as pino.DestinationStream,
  );
}
