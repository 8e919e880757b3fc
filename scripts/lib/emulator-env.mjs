// Prepares the environment for launching the firebase CLI (Emulator Suite) on an
// offline machine of the CI kind (Java 17 by default, no emulator downloads) and
// on an ordinary developer laptop, where it changes as little as possible.
// See ../shared/ENVIRONMENT.md for what was verified there and why each step exists.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository holding this script: firebase-tools (pinned devDependency) and the stand-in live here. */
const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const GCLOUD_FIRESTORE_JAR = '/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar';
const FIRESTORE_MAIN_CLASS = 'com.google.cloud.datastore.emulator.firestore.CloudFirestore';
const MIN_JAVA = 21; // firebase-tools 15 refuses older Java for every JVM emulator
const EXE = process.platform === 'win32' ? '.exe' : '';

/** firebase-tools' package folder and CLI entry (the copy pinned by this repository). */
export function firebaseTools() {
  const dir = dirname(createRequire(join(REPO_ROOT, 'package.json')).resolve('firebase-tools/package.json'));
  return { dir, cli: join(dir, 'lib', 'bin', 'firebase.js') };
}

/** `{ major, home }` of the java at `javaBin` (home from java.home), or undefined when it does not run. */
function probeJava(javaBin) {
  // Both lines go to stderr.
  const result = spawnSync(javaBin, ['-XshowSettings:properties', '-version'], { encoding: 'utf8', timeout: 30_000 });
  if (result.error || result.status !== 0) return undefined;
  const text = `${result.stdout}${result.stderr}`;
  const version = /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (!version) return undefined;
  const major = version[1] === '1' ? Number(version[2]) : Number(version[1]);
  const home = /^\s*java\.home = (.+?)\s*$/m.exec(text)?.[1];
  return { major, home };
}

/** JDK homes installed in the usual system places (Linux packages and Temurin, macOS). */
function systemJdkHomes() {
  const homes = [];
  const list = (dir) => (existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : []);
  homes.push(...list('/usr/lib/jvm'));
  homes.push(...list('/Library/Java/JavaVirtualMachines').map((jdk) => join(jdk, 'Contents', 'Home')));
  return homes;
}

/** Java 21+: JAVA_HOME, else the newest system JDK, else `java` on PATH. Returns its home. */
function findJava(log) {
  const seen = [];
  const fromHome = (home) => {
    const bin = join(home, 'bin', `java${EXE}`);
    return existsSync(bin) ? probeJava(bin) : undefined;
  };
  if (process.env.JAVA_HOME) {
    const info = fromHome(process.env.JAVA_HOME);
    if (info && info.major >= MIN_JAVA) {
      log(`java ${info.major} from JAVA_HOME (${process.env.JAVA_HOME})`);
      return process.env.JAVA_HOME;
    }
    seen.push(`JAVA_HOME=${process.env.JAVA_HOME} (${info ? `Java ${info.major}` : 'no working java'})`);
  }
  let best;
  for (const home of systemJdkHomes()) {
    const info = fromHome(home);
    if (info && info.major >= MIN_JAVA && (!best || info.major > best.major)) best = { home, major: info.major };
  }
  if (best) {
    log(`java ${best.major} from ${best.home}`);
    return best.home;
  }
  const onPath = probeJava(`java${EXE}`);
  if (onPath && onPath.major >= MIN_JAVA && onPath.home) {
    log(`java ${onPath.major} from PATH (${onPath.home})`);
    return onPath.home;
  }
  seen.push(`java on PATH: ${onPath ? `Java ${onPath.major}` : 'none'}`);
  throw new Error(
    `The Firebase emulators need Java ${MIN_JAVA} or newer; found ${seen.join(', ')}. ` +
      `Install a JDK ${MIN_JAVA}+ (e.g. Eclipse Temurin from https://adoptium.net, \`brew install --cask temurin\`, ` +
      `or your distribution's openjdk-${MIN_JAVA}-jdk package) and point JAVA_HOME at it.`,
  );
}

/** The jars firebase-tools would look for (same rule as getDownloadDetails in lib/emulator/downloadableEmulators.js). */
function firebaseToolsCache() {
  const info = JSON.parse(
    readFileSync(join(firebaseTools().dir, 'lib/emulator/downloadableEmulatorInfo.json'), 'utf8'),
  );
  const dir = process.env.FIREBASE_EMULATORS_PATH || join(homedir(), '.cache', 'firebase', 'emulators');
  return {
    firestore: join(dir, info.firestore.downloadPathRelativeToCacheDir),
    storageRules: join(dir, info.storage.downloadPathRelativeToCacheDir),
  };
}

/**
 * firebase-tools runs FIRESTORE_EMULATOR_BINARY_PATH with `java -jar`, and the gcloud
 * jar has no Main-Class: a launcher jar whose manifest names it fixes that. Built once.
 */
function firestoreLauncher(projectRoot, javaHome, log) {
  const dir = join(projectRoot, '.cache', 'emulators');
  const launcher = join(dir, 'firestore-launcher.jar');
  if (existsSync(launcher)) return launcher;
  const jarTool = join(javaHome, 'bin', `jar${EXE}`);
  if (!existsSync(jarTool)) {
    throw new Error(`Building the Firestore launcher jar needs the JDK's jar tool, not found at ${jarTool} (a JRE?).`);
  }
  mkdirSync(dir, { recursive: true });
  const manifest = join(dir, 'firestore-launcher.manifest');
  writeFileSync(manifest, `Main-Class: ${FIRESTORE_MAIN_CLASS}\nClass-Path: file://${GCLOUD_FIRESTORE_JAR}\n`);
  const partial = `${launcher}.${process.pid}.tmp`; // renamed into place: a concurrent run never sees half a jar
  try {
    execFileSync(jarTool, ['cfm', partial, manifest], { stdio: 'inherit' });
    renameSync(partial, launcher);
  } finally {
    rmSync(partial, { force: true });
  }
  log(`built ${launcher}`);
  return launcher;
}

/**
 * The Functions emulator reads secrets from functions/.secret.local; random
 * page-token and link-signing keys are created once so no Secret Manager is
 * needed offline (the HTTP tests read the link key there to make expired links).
 */
function ensureLocalSecrets(projectRoot, log) {
  const file = join(projectRoot, 'functions', '.secret.local');
  if (!existsSync(dirname(file))) return;
  let current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  for (const name of ['WEBSPLAT_PAGE_TOKEN_KEY', 'WEBSPLAT_LINK_SIGNING_KEY']) {
    if (new RegExp(`^${name}=`, 'm').test(current)) continue;
    current += `${name}=${randomBytes(32).toString('base64url')}\n`;
    writeFileSync(file, current, { mode: 0o600 });
    log(`wrote ${name} for the emulator to ${file}`);
  }
}

/**
 * @param {{ projectRoot: string, log?: (message: string) => void }} options
 * @returns {Promise<{ env: NodeJS.ProcessEnv, nodeArgs: string[] }>} environment for the
 *   firebase CLI process, and node arguments to put before its entry script.
 */
export async function prepareEmulatorEnv({ projectRoot, log = () => {} }) {
  const env = { ...process.env };

  const javaHome = findJava(log);
  env.JAVA_HOME = javaHome;
  env.PATH = `${join(javaHome, 'bin')}${delimiter}${env.PATH ?? ''}`; // firebase-tools runs plain `java`

  const cache = firebaseToolsCache();
  if (process.env.FIRESTORE_EMULATOR_BINARY_PATH) {
    log(`firestore emulator: FIRESTORE_EMULATOR_BINARY_PATH=${process.env.FIRESTORE_EMULATOR_BINARY_PATH} (kept)`);
  } else if (existsSync(cache.firestore)) {
    log(`firestore emulator: firebase-tools cache (${cache.firestore})`);
  } else if (existsSync(GCLOUD_FIRESTORE_JAR)) {
    env.FIRESTORE_EMULATOR_BINARY_PATH = firestoreLauncher(projectRoot, javaHome, log);
    log(`firestore emulator: Google Cloud CLI jar via ${env.FIRESTORE_EMULATOR_BINARY_PATH}`);
  } else {
    log('firestore emulator: none local, firebase-tools will download it (needs internet)');
  }

  const nodeArgs = [];
  const rulesJar = process.env.STORAGE_EMULATOR_BINARY_PATH || cache.storageRules;
  if (existsSync(rulesJar)) {
    log(`storage rules: real runtime (${rulesJar})`);
  } else {
    const standin = join(REPO_ROOT, 'test', 'support', 'storage-rules-standin.cjs');
    nodeArgs.push('--require', standin);
    log(`storage rules: runtime jar not cached, using the deny-all stand-in (${standin})`);
  }

  ensureLocalSecrets(projectRoot, log);
  // As in Cloud Functions: the runtime's own error pages then carry no stack traces.
  env.NODE_ENV = 'production';
  return { env, nodeArgs };
}
