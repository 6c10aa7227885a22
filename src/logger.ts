import { createRequire } from "node:module";
import type { DestinationStream, Logger } from "pino";
import type Pino from "pino";

let loaded: typeof Pino | null = null;

/**
 * pino, loaded on first use from its CommonJS build (as chrono and YAML are): a CLI question that
 * logs nothing never loads it, about a twentieth of a second of a start.
 */
function pino(): typeof Pino {
  loaded ??= createRequire(import.meta.url)("pino") as typeof Pino;
  return loaded;
}

/** Structured JSON logs. The token and other secrets are redacted wherever they appear as fields. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const { stdSerializers } = pino();
  return pino()(
    {
      level,
      base: { app: "sitrep" },
      serializers: {
        // Our error fields are already plain objects (errorForLog: type, message, code, stack, secrets
        // removed); pino's own serializer would relabel them all as type "Object".
        err: (value: unknown) => (value instanceof Error ? stdSerializers.err(value) : value),
      },
      redact: {
        paths: ["token", "*.token", "config.DISCORD_TOKEN", "headers.authorization", "*.headers.authorization"],
        censor: "[redacted]",
      },
    },
    destination,
  );
}

/** A logger writing JSON lines to stderr. */
export function stderrLogger(level: string): Logger {
  return createLogger(level, pino().destination(2));
}

export type { Logger };
