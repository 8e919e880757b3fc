// Prepares the environment for running the Firebase Emulator Suite on this
// kind of machine (offline, Java 17 by default) and on an ordinary laptop.
// See ../shared/ENVIRONMENT.md for what was verified and why each step exists.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

const GCLOUD_FIRESTORE_JAR = '/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar';
const FIRESTORE_MAIN_CLASS = 'com.google.cloud.datastore.emulator.firestore.CloudFirestore';

/** Major version of the java at `javaBin`, or 0 when it does not run. */
function javaMajor(javaBin) {
  // `java -version` prints to stderr.
  const result = spawnSync(javaBin, ['-version'], { encoding: 'utf8' });
  return result.error ? 0 : parseJavaVersion(`${result.stdout}${result.stderr}`);
}

function parseJavaVersion(text) {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (!match) return 0;
  return match[1] === '1' ? Number(match[2]) : Number(match[1]);
}

/** A Java 21+ home: JAVA_HOME, then the newest JDK under /usr/lib/jvm, then `java` on PATH. */
function findJava(log) {
  const candidates = [];
  if (process.env.JAVA_HOME) candidates.push({ home: process.env.JAVA_HOME, why: 'JAVA_HOME' });
  if (existsSync('/usr/lib/jvm')) {
    for (const name of readdirSync('/usr/lib/jvm'))
      candidates.push({ home: join('/usr/lib/jvm', name), why: '/usr/lib/jvm' });
  }
  let best;
  for (const c of candidates) {
    const bin = join(c.home, 'bin', 'java');
    if (!existsSync(bin)) continue;
    const major = javaMajor(bin);
    if (
      major >= 21 &&
      (!best || (c.why === 'JAVA_HOME' && best.why !== 'JAVA_HOME') || (best.why !== 'JAVA_HOME' && major > best.major))
    ) {
      best = { ...c, major };
    }
    if (best?.why === 'JAVA_HOME') break;
  }
  if (best) {
    log(`java ${best.major} from ${best.home}`);
    return best.home;
  }
  const onPath = javaMajor('java');
  if (onPath >= 21) {
    log(`java ${onPath} from PATH`);
    return undefined;
  }
  throw new Error(
    `The Firestore emulator needs Java 21 or newer (found ${onPath || 'none'} on PATH). ` +
      'Install a JDK 21+ (e.g. Temurin, or your OS package openjdk-21-jre-headless) and set JAVA_HOME to it.',
  );
}

function firebaseToolsDir(projectRoot) {
  const require = createRequire(join(projectRoot, 'package.json'));
  return join(require.resolve('firebase-tools/package.json'), '..');
}

/** Where firebase-tools keeps downloaded emulators, and what it expects there. */
function emulatorCache(projectRoot) {
  const info = JSON.parse(
    readFileSync(join(firebaseToolsDir(projectRoot), 'lib/emulator/downloadableEmulatorInfo.json'), 'utf8'),
  );
  const dir = process.env.FIREBASE_EMULATORS_PATH || join(homedir(), '.cache', 'firebase', 'emulators');
  return {
    firestore: join(dir, info.firestore.downloadPathRelativeToCacheDir),
    storageRules: join(dir, info.storage.downloadPathRelativeToCacheDir),
  };
}

/** A jar whose manifest runs the gcloud Firestore emulator (that jar has no Main-Class). */
function firestoreLauncher(projectRoot, javaHome, log) {
  const dir = join(projectRoot, '.cache', 'emulators');
  const launcher = join(dir, 'firestore-launcher.jar');
  if (existsSync(launcher)) return launcher;
  mkdirSync(dir, { recursive: true });
  const manifest = join(dir, 'firestore-launcher.manifest');
  writeFileSync(manifest, `Main-Class: ${FIRESTORE_MAIN_CLASS}\nClass-Path: file://${GCLOUD_FIRESTORE_JAR}\n`);
  const jarTool = javaHome ? join(javaHome, 'bin', 'jar') : 'jar';
  execFileSync(jarTool, ['cfm', launcher, manifest], { stdio: 'inherit' });
  log(`built ${launcher} around ${GCLOUD_FIRESTORE_JAR}`);
  return launcher;
}

/**
 * The Functions emulator reads secrets from functions/.secret.local; a random
 * page-token key is created once so no Secret Manager is needed offline.
 */
function ensureLocalSecrets(projectRoot, log) {
  const file = join(projectRoot, 'functions', '.secret.local');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (/^WEBSPLAT_PAGE_TOKEN_KEY=/m.test(current)) return;
  writeFileSync(file, `${current}WEBSPLAT_PAGE_TOKEN_KEY=${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  log(`wrote a page-token key for the emulator to ${file}`);
}

export async function prepareEmulatorEnv({ projectRoot, log = () => {} }) {
  const env = { ...process.env };
  const javaHome = findJava(log);
  if (javaHome) {
    env.JAVA_HOME = javaHome;
    env.PATH = `${join(javaHome, 'bin')}${delimiter}${env.PATH ?? ''}`;
  }
  const cache = emulatorCache(projectRoot);
  if (existsSync(cache.firestore)) {
    log(`firestore emulator from the firebase-tools cache (${cache.firestore})`);
  } else if (existsSync(GCLOUD_FIRESTORE_JAR)) {
    env.FIRESTORE_EMULATOR_BINARY_PATH = firestoreLauncher(projectRoot, javaHome, log);
    log(`firestore emulator from the Google Cloud CLI (${GCLOUD_FIRESTORE_JAR})`);
  } else {
    log('firestore emulator: firebase-tools will download it (needs internet)');
  }
  const nodeArgs = [];
  if (existsSync(cache.storageRules)) {
    log('storage rules runtime from the firebase-tools cache');
  } else {
    nodeArgs.push('--require', join(projectRoot, 'test', 'support', 'storage-rules-standin.cjs'));
    log(
      'storage rules runtime unavailable offline: using the deny-all stand-in (test/support/storage-rules-standin.cjs)',
    );
  }
  ensureLocalSecrets(projectRoot, log);
  // No update checks against the network from the CLI.
  env.NO_UPDATE_NOTIFIER = '1';
  // As in Cloud Functions: the runtime's own error pages then carry no stack traces.
  env.NODE_ENV = 'production';
  return { env, nodeArgs };
}
