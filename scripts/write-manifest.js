#!/usr/bin/env node
/*
 * Writes manifest.xml for another deployment: every https://localhost:3000 URL
 * becomes the given one.
 *
 *   npm run manifest -- --url https://jxc.example.com [--out dist/manifest.xml] [--new-id]
 *
 * --new-id gives the copy its own add-in id, so it can be installed beside the
 * original (e.g. a test server next to production).
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SOURCE_ORIGIN = 'https://localhost:3000';

function parseArgs(argv) {
  const args = { url: null, out: path.join(ROOT, 'dist', 'manifest.xml'), newId: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [name, inline] = a.includes('=') ? a.split(/=(.*)/s) : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (name === '--url') args.url = value();
    else if (name === '--out') args.out = path.resolve(value());
    else if (name === '--new-id') args.newId = true;
    else if (name === '--help' || name === '-h') args.help = true;
    else throw new Error(`unknown option ${a}`);
  }
  return args;
}

/** The deployment base URL: https only (Office loads add-ins over https), no query or fragment. */
function baseUrl(text) {
  if (!text) throw new Error('give the deployment URL: --url https://your-host');
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`"${text}" is not a URL`);
  }
  if (url.protocol !== 'https:') throw new Error(`Office loads add-ins over https only; got ${url.protocol}//`);
  if (url.search || url.hash || url.username || url.password) throw new Error('the URL must not carry a query, fragment or credentials');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function writeManifest({ url, out, newId }) {
  const base = baseUrl(url);
  let xml = fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');
  xml = xml.split(SOURCE_ORIGIN).join(base);
  xml = xml.replace(/<AppDomain>[^<]*<\/AppDomain>/, `<AppDomain>${new URL(base).origin}</AppDomain>`);
  if (newId) xml = xml.replace(/<Id>[^<]*<\/Id>/, `<Id>${crypto.randomUUID()}</Id>`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, xml);
  return { out, base };
}

if (require.main === module) {
  try {
    const args = parseArgs(process.argv.slice(2));
    if (args.help) {
      process.stdout.write('usage: npm run manifest -- --url https://your-host [--out file] [--new-id]\n');
    } else {
      const { out, base } = writeManifest(args);
      process.stdout.write(`manifest for ${base} written to ${path.relative(process.cwd(), out) || out}\n`);
    }
  } catch (error) {
    process.stderr.write(`write-manifest: ${error.message}\n`);
    process.exit(2);
  }
}

module.exports = { writeManifest, baseUrl, parseArgs };
