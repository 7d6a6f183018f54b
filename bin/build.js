#!/usr/bin/env node
// `npm install` runs this once (the `prepare` script): the TypeScript sources become an ESM bundle
// in dist/, so `paperboy start` and every CLI command load plain JavaScript instead of compiling
// with tsx at each start (seconds on a small machine). esbuild because tsx already brings it (no new
// dependency) and it bundles in well under a second.
//
// A few pure-JavaScript libraries are bundled in as well: zod alone is ~150 ms of module loading
// as hundreds of files and one read as a single file. Everything else (platform SDKs, pino with
// its worker transports, native or file-reading packages) stays external in node_modules. Dynamic
// imports (the Telegram and WeChat adapters) stay separate chunks, loaded only when configured.
import { readFileSync } from "node:fs";
import { cp, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const BUNDLED = new Set(["zod", "commander", "lowdb", "steno", "p-retry", "is-network-error", "dotenv"]);

/**
 * zod re-exports all of its ~50 message locales as `z.locales` (a namespace object, so esbuild keeps
 * every one): 370 KB of the bundle, half of zod, parsed at every start and CLI command. paperboy
 * never calls `z.config(z.locales.xx())` (its own catalogue words the messages users see), and zod
 * registers English by itself, so `z.locales` is bundled with English only.
 */
const zodLocalesOnlyEnglish = {
  name: "zod-locales-only-english",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}zod${path.sep}`)
        ? { path: path.join(args.resolveDir, "../locales/en.js"), namespace: "zod-locales" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: path.dirname(args.path),
    }));
  },
};

/**
 * Whether Node loads `specifier` (an external package, as `import` resolves it) as CommonJS: a
 * `.cjs` file, or a `.js` one whose nearest package.json is not `"type": "module"`.
 */
function isCommonJs(specifier) {
  let file;
  try {
    file = fileURLToPath(import.meta.resolve(specifier));
  } catch {
    return false;
  }
  if (file.endsWith(".cjs")) return true;
  if (!file.endsWith(".js")) return false;
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      return JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).type !== "module";
    } catch (e) {
      if (e.code !== "ENOENT") return false;
    }
  }
  return true;
}

/**
 * ESM `import` of a CommonJS package makes Node run cjs-module-lexer over the package's source (and
 * over every file it re-exports) to guess its named exports: for telegraf, pino, node-schedule and
 * the rest that was ~200 ms of a bot's start, more than loading them. An external CommonJS package
 * is therefore imported through `require` (the banner's createRequire), which loads it the way
 * CommonJS code always does; esbuild's interop gives `default` = module.exports as Node does.
 */
const commonJsViaRequire = {
  name: "commonjs-via-require",
  setup(b) {
    b.onLoad({ filter: /.*/, namespace: "commonjs-via-require" }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: "js",
    }));
  },
};

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const outdir = path.join(root, "dist");
await rm(outdir, { recursive: true, force: true });
const built = await build({
  entryPoints: [path.join(root, "src/cli.ts")],
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: true,
  metafile: Boolean(process.env.PAPERBOY_BUILD_META),
  logLevel: "warning",
  // CommonJS code bundled into ESM still calls require() for Node's own modules.
  banner: {
    js: 'import { createRequire as __paperboyRequire } from "node:module"; const require = __paperboyRequire(import.meta.url);',
  },
  plugins: [
    zodLocalesOnlyEnglish,
    commonJsViaRequire,
    {
      name: "external-but-listed",
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => {
          const name = args.path.startsWith("@")
            ? args.path.split("/").slice(0, 2).join("/")
            : args.path.split("/")[0];
          if (BUNDLED.has(name ?? "") && args.path !== "node:module") return undefined;
          // Only static imports: a dynamic import() of the wrapper would see `default` alone (no
          // named exports), and what is loaded on demand is not on the start's clock anyway.
          const viaRequire =
            args.namespace !== "commonjs-via-require" &&
            args.kind === "import-statement" &&
            !args.path.startsWith("node:") &&
            isCommonJs(args.path);
          return viaRequire ? { path: args.path, namespace: "commonjs-via-require" } : { external: true };
        });
      },
    },
  ],
});
// Files the code finds beside itself (new URL("./migrations", import.meta.url)): every chunk sits
// in dist/, so they go there too.
await cp(path.join(root, "src/store/postgres/migrations"), path.join(outdir, "migrations"), {
  recursive: true,
});
// PAPERBOY_BUILD_META=file: esbuild's metafile, to see what each chunk holds (what a start loads).
if (process.env.PAPERBOY_BUILD_META) {
  const { writeFile } = await import("node:fs/promises");
  await writeFile(process.env.PAPERBOY_BUILD_META, JSON.stringify(built.metafile));
}
