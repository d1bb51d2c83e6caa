// A throwaway OpenStack Swift with its S3 API (the `s3api` middleware), for tests of the S3 blob store against
// a real S3-compatible server: Debian 12's only one. One replica of one device in a temporary directory, the
// account, container and object servers and a proxy, each on a free port of 127.0.0.1, `tempauth` holding one
// user whose S3 access key is `<account>:<user>` and secret its password.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

export interface SwiftServer {
  /** The S3 endpoint, e.g. http://127.0.0.1:40123. Path-style addressing only (no DNS names for buckets). */
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** A bucket made at start, empty. */
  bucket: string;
  /** The last lines each server logged, for an assertion's message. */
  logTail(): string;
  /** Kills every server process and removes the directory; safe to call twice. */
  stop(): Promise<void>;
}

/** Debian's Python, which the swift packages install into (a `python3` earlier on PATH may lack them). */
const PYTHON = '/usr/bin/python3';
const SERVERS = ['account', 'container', 'object', 'proxy'] as const;
/** The proxy's cache: Swift keeps account and container info and tempauth's lookups there. */
const MEMCACHED = '/usr/bin/memcached';
const REQUIRED = [PYTHON, ...SERVERS.map((server) => `/usr/bin/swift-${server}-server`), MEMCACHED];
const PACKAGES = 'swift swift-proxy swift-object swift-container swift-account memcached';
const START_TIMEOUT_MS = 120_000;

/** Why Swift cannot run here (a missing program, named with the apt packages that bring it), or null. */
export function swiftMissing(): string | null {
  const missing = REQUIRED.filter((path) => !existsSync(path));
  return missing.length ? `OpenStack Swift is not installed (no ${missing.join(', ')}): apt-get install ${PACKAGES}` : null;
}

/**
 * Why a test needing Swift is skipped here, or null when it runs: skipped where Swift is missing, but never on
 * CI (`CI` set), which must install it (.ci/run): there the test fails in startSwiftServer, saying what is missing.
 */
export function swiftSkipReason(): string | null {
  return process.env.CI ? null : swiftMissing();
}

// The Swift servers read /etc/swift/swift.conf (the hash suffix, the storage policies) whatever their
// `swift_dir` says; this points them at the temporary one before anything reads it, then runs the server as
// its swift-*-server script does. Verbose: the log also goes to stdout (there is no syslog in a container).
const LAUNCH = `
import sys
from swift.common import utils
utils.set_swift_dir(sys.argv[1])
from swift.common import constraints, storage_policy
storage_policy.reload_storage_policies()
constraints.reload_constraints()
from swift.common.wsgi import run_wsgi
options = {'verbose': True}
if sys.argv[3] == 'object-server':
    from swift.obj import server
    options['global_conf_callback'] = server.global_conf_callback
sys.exit(run_wsgi(sys.argv[2], sys.argv[3], **options))
`;

// The three rings (what swift-ring-builder create/add/rebalance make) in one Python process rather than nine:
// partition power 6, one replica, one device.
const BUILD_RINGS = `
import sys
from swift.common.ring import RingBuilder
for name, port in zip(('account', 'container', 'object'), sys.argv[2:5]):
    builder = RingBuilder(6, 1, 1)
    builder.add_dev({'id': 0, 'region': 1, 'zone': 1, 'ip': '127.0.0.1', 'port': int(port), 'device': 'd1', 'weight': 100})
    builder.rebalance()
    builder.get_ring().save('%s/%s.ring.gz' % (sys.argv[1], name))
`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function run(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`building Swift's rings failed (exit ${code}): ${errors.slice(-2000)}`))));
  });
}

function serverConf(dir: string, port: number, extra: string): string {
  return `[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${port}
# One process, no forked workers: stop() kills exactly what it started.
workers = 0
# Whoever runs the tests (Swift would otherwise switch to a "swift" user, which needs root and that user).
user = ${process.getuid?.() === 0 ? 'root' : (process.env.USER ?? 'root')}
swift_dir = ${dir}
devices = ${join(dir, 'devices')}
mount_check = false
log_level = WARNING
# Patient with a busy machine: the defaults (0.5 s to connect, 1 s for an object's container update, after
# which the listing waits for an updater that does not run here) would make answers and listings flaky.
conn_timeout = 10
node_timeout = 60
recoverable_node_timeout = 60
container_update_timeout = 30
${extra}`;
}

function proxyConf(dir: string, port: number, memcachePort: number, account: string, user: string, secret: string, region: string): string {
  return serverConf(dir, port, `
[pipeline:main]
pipeline = catch_errors gatekeeper proxy-logging cache listing_formats s3api tempauth copy slo dlo proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:proxy-logging]
use = egg:swift#proxy_logging
# As every Swift proxy runs: without a memcached, each object request also asks the account and container
# servers for their info (two more round trips), and tempauth refuses to work without a cache at all.
[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:${memcachePort}
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:s3api]
use = egg:swift#s3api
location = ${region}
[filter:tempauth]
use = egg:swift#tempauth
user_${account}_${user} = ${secret} .admin
[filter:copy]
use = egg:swift#copy
# Multipart uploads are static large objects: their parts go to "<bucket>+segments".
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
`);
}

/**
 * Starts Swift and makes a bucket; waits as long as it takes (the calling hook's timeout bounds it), but fails
 * with the servers' logs when one of them exits. Throws when Swift is not installed (see `swiftMissing`).
 */
export async function startSwiftServer(options: { bucket?: string; region?: string } = {}): Promise<SwiftServer> {
  const missing = swiftMissing();
  if (missing) throw new Error(missing);
  const region = options.region ?? 'us-east-1';
  const bucket = options.bucket ?? 'blobs';
  const dir = mkdtempSync(join(tmpdir(), 'swift-'));
  mkdirSync(join(dir, 'devices', 'd1'), { recursive: true });
  const children: ChildProcess[] = [];
  const logPath = (server: string) => join(dir, `${server}.log`);
  const logTail = () =>
    SERVERS.map((server) => {
      const lines = existsSync(logPath(server)) ? readFileSync(logPath(server), 'utf8').trimEnd().split('\n').slice(-15) : [];
      return `--- ${server}-server log, last lines:\n${lines.join('\n')}`;
    }).join('\n');

  // Each server leads a process group of its own; killing the group also ends anything it forked.
  const killAll = () => {
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  // A run ending while the servers run (or a test timing out before it holds the handle) leaves none behind.
  const onExit = () => {
    killAll();
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort while exiting
    }
  };
  process.once('exit', onExit);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    const exits = children.filter((child) => child.exitCode === null && child.signalCode === null).map((child) => new Promise((resolve) => child.once('exit', resolve)));
    killAll();
    await Promise.all(exits);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const [proxyPort, accountPort, containerPort, objectPort, memcachePort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
    const account = 'composer';
    const user = 'tests';
    const secret = randomBytes(12).toString('hex');
    writeFileSync(join(dir, 'swift.conf'), `[swift-hash]\nswift_hash_path_suffix = ${randomBytes(8).toString('hex')}\nswift_hash_path_prefix = ${randomBytes(8).toString('hex')}\n\n[storage-policy:0]\nname = Policy-0\ndefault = yes\n`);
    await run(['-c', BUILD_RINGS, dir, String(accountPort), String(containerPort), String(objectPort)], dir);
    const ports = { account: accountPort!, container: containerPort!, object: objectPort!, proxy: proxyPort! };
    // Memory only, on loopback, leading its own process group like the servers (killAll ends it too).
    children.push(spawn(MEMCACHED, ['-l', '127.0.0.1', '-p', String(memcachePort), '-U', '0', '-m', '64', ...(process.getuid?.() === 0 ? ['-u', 'root'] : [])], { cwd: dir, detached: true, stdio: 'ignore' }));
    for (const server of SERVERS) {
      const conf = join(dir, `${server}-server.conf`);
      writeFileSync(
        conf,
        server === 'proxy'
          ? proxyConf(dir, ports.proxy, memcachePort!, account, user, secret, region)
          : serverConf(dir, ports[server], `\n[pipeline:main]\npipeline = ${server}-server\n\n[app:${server}-server]\nuse = egg:swift#${server}\n`),
      );
      const log = openSync(logPath(server), 'a');
      const child = spawn(PYTHON, ['-c', LAUNCH, dir, conf, `${server}-server`], { cwd: dir, detached: true, stdio: ['ignore', log, log] });
      closeSync(log);
      children.push(child);
    }

    const endpoint = `http://127.0.0.1:${ports.proxy}`;
    const accessKeyId = `${account}:${user}`;
    const client = new S3Client({
      endpoint,
      region,
      forcePathStyle: true,
      credentials: { accessKeyId, secretAccessKey: secret },
      maxAttempts: 1,
    });
    // Up when the bucket can be made: the proxy answers, and the account and container servers behind it too.
    // The deadline only bounds a Swift that never comes up (seconds are usual, even on a busy machine).
    const deadline = Date.now() + START_TIMEOUT_MS;
    try {
      for (let lastError: unknown; ; ) {
        const exited = children.find((child) => child.exitCode !== null || child.signalCode !== null);
        if (exited) throw new Error(`a Swift server exited while starting (${exited.spawnfile === MEMCACHED ? 'memcached' : exited.spawnargs.at(-1)}, ${exited.exitCode ?? exited.signalCode})`);
        if (Date.now() > deadline) throw new Error(`no bucket could be made at ${endpoint} in ${START_TIMEOUT_MS / 1000} s; the last answer: ${String(lastError)}`);
        try {
          await client.send(new CreateBucketCommand({ Bucket: bucket }));
          break;
        } catch (error) {
          lastError = error;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      // Up for objects too: what the proxy cached while the account and bucket were still being made (their
      // info, in memcached) must not fail the first test's first object.
      for (let lastError: unknown; ; ) {
        if (Date.now() > deadline) throw new Error(`no object could be stored in the new bucket at ${endpoint} in ${START_TIMEOUT_MS / 1000} s; the last answer: ${String(lastError)}`);
        try {
          await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'probe', Body: 'probe' }));
          await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'probe' }));
          break;
        } catch (error) {
          lastError = error;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      client.destroy();
    }
    return { endpoint, region, accessKeyId, secretAccessKey: secret, bucket, logTail, stop };
  } catch (error) {
    const tail = logTail();
    await stop();
    throw new Error(`OpenStack Swift did not start: ${(error as Error).message}\n${tail}`, { cause: error });
  }
}
