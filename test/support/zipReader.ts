import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Reads a zip back with Python's zipfile: an independent implementation checks ours. */
export function readWithPython(zip: Buffer): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'websplat-zip-'));
  try {
    writeFileSync(join(dir, 'a.zip'), zip);
    const script =
      'import zipfile,sys,json,base64\n' +
      'z=zipfile.ZipFile(sys.argv[1])\n' +
      'assert z.testzip() is None\n' +
      'print(json.dumps({n: base64.b64encode(z.read(n)).decode() for n in z.namelist()}))';
    return JSON.parse(execFileSync('python3', ['-c', script, join(dir, 'a.zip')], { encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The archive comment of a zip, as Python's zipfile reads it. */
export function zipCommentWithPython(zip: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'websplat-zip-'));
  try {
    writeFileSync(join(dir, 'a.zip'), zip);
    const script = 'import zipfile,sys\nprint(zipfile.ZipFile(sys.argv[1]).comment.decode("latin-1"), end="")';
    return execFileSync('python3', ['-c', script, join(dir, 'a.zip')], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
