import pino, { type Logger } from "pino";

/** Structured JSON logs. The token and other secrets are redacted wherever they appear as fields. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: "sitrep" },
      redact: {
        paths: ["token", "*.token", "config.DISCORD_TOKEN", "headers.authorization", "*.headers.authorization"],
        censor: "[redacted]",
      },
    },
    destination,
  );
}

export type { Logger };
