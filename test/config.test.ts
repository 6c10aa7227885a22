import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

const TOKEN = `${"M".repeat(24)}.${"G".repeat(6)}.${"x".repeat(27)}`;

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    expect(loadConfig({})).toEqual({
      CORPUS_DIR: "corpus",
      DATA_DIR: "data",
      LOG_LEVEL: "info",
      REGISTER_COMMANDS_ON_START: false,
      DIGESTS_ENABLED: true,
      MAX_REPORT_BYTES: 2 * 1024 * 1024,
      FOLLOW_EXTERNAL_LINKS: false,
      METRICS_HOST: "127.0.0.1",
      DIGEST_LEASE_SECONDS: 120,
    });
  });

  it("reads yes/no variables and numbers, and names a value that is neither", () => {
    expect(loadConfig({ FOLLOW_EXTERNAL_LINKS: "1", DIGESTS_ENABLED: "false" })).toMatchObject({
      FOLLOW_EXTERNAL_LINKS: true,
      DIGESTS_ENABLED: false,
    });
    expect(() => loadConfig({ MAX_REPORT_BYTES: "2MB" })).toThrow(
      /MAX_REPORT_BYTES: should be a positive number of bytes \(got "2MB"\)/,
    );
    expect(() => loadConfig({ FOLLOW_EXTERNAL_LINKS: "ture" })).toThrow(
      /FOLLOW_EXTERNAL_LINKS: should be true or false \(got "ture"\)/,
    );
  });

  it("reads shard counts and id ranges, and says what is wrong with a bad one", () => {
    expect(loadConfig({ SHARD_COUNT: "4", SHARD_IDS: "0-1,3" })).toMatchObject({
      SHARD_COUNT: 4,
      SHARD_IDS: [0, 1, 3],
    });
    expect(loadConfig({ SHARD_COUNT: "auto", SHARD_IDS: "2,0" })).toMatchObject({
      SHARD_COUNT: "auto",
      SHARD_IDS: [0, 2],
    });
    expect(() => loadConfig({ SHARD_IDS: "0" })).toThrow(/SHARD_IDS: should be set together with SHARD_COUNT/);
    expect(() => loadConfig({ SHARD_COUNT: "2", SHARD_IDS: "1-2" })).toThrow(
      /SHARD_IDS: should be shard ids below SHARD_COUNT \(2\) \(got "1-2"\)/,
    );
    expect(() => loadConfig({ SHARD_COUNT: "2", SHARD_IDS: "3-1" })).toThrow(
      /SHARD_IDS: should be shard ids such as 0,1 or 0-3/,
    );
    expect(() => loadConfig({ SHARD_COUNT: "0" })).toThrow(
      /SHARD_COUNT: should be a number of shards \(1 or more\) or auto/,
    );
    expect(() => loadConfig({ METRICS_PORT: "70000" })).toThrow(/METRICS_PORT: should be a TCP port, 0 to 65535/);
  });

  it("names a missing required variable and points to .env.example", () => {
    expect(() => loadConfig({}, ["DISCORD_TOKEN"])).toThrow(ConfigError);
    expect(() => loadConfig({}, ["DISCORD_TOKEN"])).toThrow(
      /DISCORD_TOKEN: required to run this, but not set[\s\S]*\.env\.example/,
    );
  });

  it("says what each invalid variable should look like, all at once", () => {
    let message = "";
    try {
      loadConfig({ LOG_LEVEL: "loud", DISCORD_GUILD_ID: "abc", DISCORD_API_BASE_URL: "not a url" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /LOG_LEVEL: should be one of fatal, error, warn, info, debug, trace, silent \(got "loud"\)/,
    );
    expect(message).toMatch(/DISCORD_GUILD_ID: should be a Discord ID: 17 to 20 digits/);
    expect(message).toMatch(/DISCORD_API_BASE_URL: should be a URL such as http:\/\/127\.0\.0\.1:8080\/api/);
  });

  it("never echoes a token back, even a malformed one", () => {
    const secret = "not-a-real-token-but-secret";
    expect(() => loadConfig({ DISCORD_TOKEN: secret })).toThrow(/DISCORD_TOKEN: .*set, but malformed/);
    try {
      loadConfig({ DISCORD_TOKEN: secret });
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
  });

  it("accepts a well-formed token and treats blank optional values as unset", () => {
    const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: " ", REGISTER_COMMANDS_ON_START: "1" });
    expect(config.DISCORD_TOKEN).toBe(TOKEN);
    expect(config.DISCORD_GUILD_ID).toBeUndefined();
    expect(config.REGISTER_COMMANDS_ON_START).toBe(true);
  });
});
