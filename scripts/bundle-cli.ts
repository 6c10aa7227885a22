/**
 * The CLI as one file (`dist/src/cli/sitrep.js`), made from the compiled CLI (`dist/src/cli/main.js`)
 * by esbuild after `tsc`: `npm run build` runs it, and so does the tests' one build. A start loads
 * one module instead of about 150 (our own, and zod's ESM build alone is 95 files), which was a
 * quarter of a second of a start's CPU at the Timeline17 size (see docs/design.md, the start-up items of "Index and answers").
 *
 * What is bundled is what a question needs (our code, zod, MiniSearch, the stop words, the stemmer);
 * every other dependency stays an import of the installed package, loaded as before (pino, chrono
 * and YAML on first use, vega only for a picture, native modules). Dynamic imports of our own files
 * (the chart renderer) stay imports of the compiled files beside it: the bundle is written to the
 * compiled CLI's own folder, so every relative path and `import.meta.url` in it means what it meant
 * in `main.js`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";

/** The dependencies a question needs, bundled; the rest of package.json's dependencies stay external. */
const BUNDLED = new Set(["zod", "minisearch", "stopword", "stemmer"]);

export const CLI_BUNDLE = path.join("dist", "src", "cli", "sitrep.js");
const CLI_COMPILED = path.join("dist", "src", "cli", "main.js");

/** Our own modules loaded with `import(…)` stay separate files, loaded when (and if) they are asked for. */
const keepDynamicImports: Plugin = {
  name: "keep-dynamic-imports",
  setup(builder) {
    builder.onResolve({ filter: /^\.\.?\// }, (args) => (args.kind === "dynamic-import" ? { external: true } : null));
  },
};

export async function bundleCli(root: string): Promise<void> {
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  const external = Object.keys(manifest.dependencies).filter((name) => !BUNDLED.has(name));
  await build({
    absWorkingDir: root,
    entryPoints: [CLI_COMPILED],
    outfile: CLI_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // ESM builds first: the stop-word package's CommonJS build cannot be tree-shaken to the one list used.
    mainFields: ["module", "main"],
    external,
    plugins: [keepDynamicImports],
    // Composed with tsc's maps of the compiled files: stack traces name the TypeScript sources.
    sourcemap: true,
    // Without the sources' text (0.9 of the map's 1.3 MB): under --enable-source-maps, as the service
    // runs, Node reads and parses the whole map when it loads the bundle, at every start; the mapped
    // stack traces need only the mappings (the TypeScript sources are beside dist/ when shown).
    sourcesContent: false,
    // Whitespace and syntax only, names kept (profiles and stack traces stay readable): V8 pre-parses
    // the whole file, and Node measures every line of it for the source map, at every start.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: "warning",
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await bundleCli(path.resolve(import.meta.dirname, ".."));
}
