/**
 * The manifest, checked offline (office-addin-manifest's validator needs the
 * internet): parsed with readManifestFile, then what Office insists on —
 * a GUID, https everywhere, the Workbook host, the API set the add-in uses,
 * and every page and icon it names actually served by the build.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ManifestInfo } from 'office-addin-manifest';

const ROOT = path.resolve(__dirname, '..', '..');
const MANIFEST = path.join(ROOT, 'manifest.xml');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const webpackConfig = require(path.join(ROOT, 'webpack.config.js'))({}, { mode: 'development' });

function urlsIn(xml: string): string[] {
  return [...xml.matchAll(/DefaultValue="(https?:\/\/[^"]+)"|<AppDomain>([^<]+)<\/AppDomain>/g)].map((m) => m[1] ?? m[2]!);
}

/** What serves a /addin/… URL: a shipped file, or a page the build emits. */
function servedBy(url: string): { file: string } | { page: string } {
  const p = new URL(url).pathname;
  if (p.startsWith('/addin/assets/')) return { file: path.join(ROOT, 'addin', 'assets', p.slice('/addin/assets/'.length)) };
  return { page: p };
}

/**
 * office-addin-manifest's own reader, run in a plain node process: the package
 * pulls in an ES module that Jest's module loader cannot require, while node can.
 */
function readManifestFile(file: string): ManifestInfo {
  const script = "require('office-addin-manifest').OfficeAddinManifest.readManifestFile(process.argv[1]).then((i) => process.stdout.write(JSON.stringify(i)))";
  return JSON.parse(execFileSync(process.execPath, ['-e', script, file], { cwd: ROOT, encoding: 'utf8' })) as ManifestInfo;
}

const builtPages: string[] = webpackConfig.plugins.filter((p: { userOptions?: { filename?: string } }) => p.userOptions?.filename).map((p: { userOptions: { filename: string } }) => `/${p.userOptions.filename}`);

describe('manifest.xml', () => {
  test('It parses, with a GUID id, the Workbook host, a version and read-write document access', () => {
    const info = readManifestFile(MANIFEST);
    expect(info.id).toMatch(GUID);
    expect(info.hosts).toEqual(['Workbook']);
    expect(info.officeAppType).toBe('TaskPaneApp');
    expect(info.version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(info.permissions).toBe('ReadWriteDocument');
    expect(info.displayName).toBeTruthy();
    expect(info.defaultSettings?.sourceLocation).toBe('https://localhost:3000/addin/taskpane.html');
  });

  test('It requires the Excel API set the add-in uses (1.9 for delayForCellEdit, names and list validation)', () => {
    const xml = fs.readFileSync(MANIFEST, 'utf8');
    expect(xml).toMatch(/<Set Name="ExcelApi" MinVersion="1\.9"\/>/);
  });

  test('Every URL is https, and every page and icon it names is built or shipped', () => {
    const xml = fs.readFileSync(MANIFEST, 'utf8');
    const urls = urlsIn(xml);
    expect(urls.length).toBeGreaterThan(8);
    for (const url of urls) expect(url).toMatch(/^https:\/\//);
    for (const url of urls.filter((u) => new URL(u).pathname.startsWith('/addin/'))) {
      const target = servedBy(url);
      if ('page' in target) expect(builtPages).toContain(target.page);
      else expect(fs.existsSync(target.file)).toBe(true);
    }
  });

  test('The icons are real PNG files of the sizes the manifest promises', () => {
    for (const size of [16, 32, 64, 80]) {
      const png = fs.readFileSync(path.join(ROOT, 'addin', 'assets', `icon-${size}.png`));
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });

  test('`npm run manifest -- --url` writes a copy for another deployment with every URL moved there', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jxc-manifest-')), 'manifest.xml');
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'write-manifest.js'), '--url', 'https://erp.example.cn/jxc/', '--out', out]);
    const xml = fs.readFileSync(out, 'utf8');
    expect(xml).not.toContain('localhost');
    expect(urlsIn(xml).every((u) => u.startsWith('https://erp.example.cn'))).toBe(true);
    expect(xml).toContain('<AppDomain>https://erp.example.cn</AppDomain>');
    const info = readManifestFile(out);
    expect(info.defaultSettings?.sourceLocation).toBe('https://erp.example.cn/jxc/addin/taskpane.html');
    expect(info.id).toBe((readManifestFile(MANIFEST)).id);
    expect(() => execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'write-manifest.js'), '--url', 'http://insecure.example'], { stdio: 'pipe' })).toThrow();
  });
});
