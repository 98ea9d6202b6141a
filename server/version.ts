import fs from 'node:fs';
import path from 'node:path';

function findPackageJson(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'package.json');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(d) === d) throw new Error('package.json not found');
  }
}

export const projectRoot = path.dirname(findPackageJson(__dirname));
export const version: string = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')).version;
