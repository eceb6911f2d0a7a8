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
  "password",
  "secret",
  "AZURE_ARM_TOKEN",
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
  "response_url",
  "responseUrl",
];

const TOKEN_SHAPES = /(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|Bearer\s+[A-Za-z0-9._~+/=-]+|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9._-]+)/g;

export const maskSecrets = (text: string): string => text.replace(TOKEN_SHAPES, "[REDACTED]");

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): PinoLogger {
  const paths = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);
  return pino(
    {
      level: options.level ?? "info",
      base: { service: "ajar" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths, censor: "[REDACTED]" },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === "string" ? maskSecrets(a) : a));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
      serializers: {
        err: (value: unknown) => maskSecrets(value instanceof Error ? `${value.name}: ${value.message}` : String(value)),
      },
    },
    (options.destination ?? process.stdout) as pino.DestinationStream,
  );
}
