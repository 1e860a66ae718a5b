// Makes the Redoc page of scripts/docs one self-contained file that works opened from disk: under
// file:// a browser refuses to import a module from a sibling file, so Redoc's standalone bundle
// (which uses import.meta, so it must stay a module) is inlined into the page's own module script,
// in place of the import.
// Usage: node scripts/inline-docs.mjs <index.html> <redoc.standalone.js>
import { readFileSync, writeFileSync } from "node:fs";

const [page, bundlePath] = process.argv.slice(2);
let html = readFileSync(page, "utf8");
let bundle = readFileSync(bundlePath, "utf8").trimEnd();

// The bundle ends by exporting what its first statement declared; inlined into the page's module,
// that declaration is in the same scope as the page's call to `hydrate`.
const exported = /export\s*\{\s*RedocStandalone\s*,\s*hydrate\s*,\s*init\s*\}\s*;?$/;
if (!exported.test(bundle)) throw new Error(`${bundlePath}: unexpected end (no export of hydrate)`);
bundle = bundle.replace(exported, "");
if (!/^[\s\S]*?const\s*\{\s*RedocStandalone\s*,\s*hydrate\s*,\s*init\s*\}\s*=/.test(bundle)) {
  throw new Error(`${bundlePath}: unexpected start (no declaration of hydrate)`);
}
// Inside an HTML script element only "</script" and "<!--" could end or confuse it.
bundle = bundle.replaceAll("</script", "<\\/script").replaceAll("<!--", "<\\!--");

const moduleStart =
  /<script type="module">\s*import \{ hydrate \} from "\.\/redoc\.standalone\.js";/;
if (!moduleStart.test(html)) throw new Error(`${page}: no module script importing Redoc`);
html = html.replace(moduleStart, () => `<script type="module">\n${bundle}\n`);
// The preload hint of the module (now inlined) would only make the browser fetch a missing file.
html = html.replace(/<link rel="modulepreload" href="\.\/redoc\.standalone\.js"[^>]*>\s*/g, "");
writeFileSync(page, html);
