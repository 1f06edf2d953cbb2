// Copy the front-end packages installed by npm (package.json, package-lock.json) to assets/build/vendor/,
// where Django's staticfiles (STATICFILES_DIRS) finds them and WhiteNoise serves them. No bundler: the
// packages ship ready-made minified browser builds, and each licence travels with its file.
//
//   npm ci && npm run build
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "assets", "build", "vendor");

// [package, file inside the package, name under vendor/]
const FILES = [
  ["echarts", "dist/echarts.min.js", "echarts.min.js"],
  ["echarts", "LICENSE", "LICENSE-echarts"],
  ["htmx.org", "dist/htmx.min.js", "htmx.min.js"],
  ["htmx.org", "LICENSE", "LICENSE-htmx"],
];

mkdirSync(vendor, { recursive: true });
const versions = {};
for (const [pkg, file, target] of FILES) {
  const source = join(root, "node_modules", pkg, file);
  if (!existsSync(source)) {
    console.error(`missing ${source}: run \`npm ci\` first`);
    process.exit(1);
  }
  copyFileSync(source, join(vendor, target));
  versions[pkg] = JSON.parse(readFileSync(join(root, "node_modules", pkg, "package.json"), "utf8")).version;
  console.log(`${pkg}/${file} -> assets/build/vendor/${target}`);
}
writeFileSync(join(vendor, "versions.json"), JSON.stringify(versions, null, 2) + "\n");
console.log(`versions: ${JSON.stringify(versions)}`);
