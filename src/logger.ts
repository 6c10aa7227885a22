import pino, { type Logger } from "pino";

/** Structured JSON logs. The token and other secrets are redacted wherever they appear as fields. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: "sitrep" },
      serializers: {
        // Our error fields are already plain objects (errorForLog: type, message, code, stack, secrets
        // removed); pino's own serializer would relabel them all as type "Object".
        err: (value: unknown) => (value instanceof Error ? pino.stdSerializers.err(value) : value),
      },
      redact: {
        paths: ["token", "*.token", "config.DISCORD_TOKEN", "headers.authorization", "*.headers.authorization"],
        censor: "[redacted]",
      },
    },
    destination,
  );
}

export type { Logger };
