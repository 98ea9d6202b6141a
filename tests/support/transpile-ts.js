/*
 * `node -r tests/support/transpile-ts.js server/main.ts`: runs the server
 * straight from its TypeScript sources, transpiled file by file as jest's
 * ts-jest does (types are checked once, by `npm test`'s tsc --noEmit). Lets the
 * tests start real server processes without building dist/ first.
 *
 * Output is cached in the system's temp folder by a hash of the source, so a
 * restarted server (or the next test file's) loads neither TypeScript nor
 * anything it has transpiled before.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const compilerOptions = {
  module: 'commonjs',
  target: 'es2022',
  esModuleInterop: true,
  resolveJsonModule: true,
  isolatedModules: true,
  inlineSourceMap: true,
};
const typescriptVersion = require('typescript/package.json').version;
const cacheDir = path.join(os.tmpdir(), 'jxc-transpiled');
let ts = null;

function transpile(source, filename) {
  ts ??= require('typescript');
  const options = ts.convertCompilerOptionsFromJson(compilerOptions, path.dirname(filename)).options;
  return ts.transpileModule(source, { fileName: filename, compilerOptions: options }).outputText;
}

function cached(source, filename) {
  const key = crypto.createHash('sha256').update(`${typescriptVersion}\n${JSON.stringify(compilerOptions)}\n${filename}\n`).update(source).digest('hex');
  const file = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    const output = transpile(source, filename);
    // Written aside and renamed, so a process reading at the same moment never sees half a file.
    fs.mkdirSync(cacheDir, { recursive: true });
    const aside = `${file}.${process.pid}`;
    fs.writeFileSync(aside, output);
    fs.renameSync(aside, file);
    return output;
  }
}

process.setSourceMapsEnabled(true);
require.extensions['.ts'] = (module, filename) => {
  module._compile(cached(fs.readFileSync(filename, 'utf8'), filename), filename);
};
