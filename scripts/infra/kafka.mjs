// A real single-node Apache Kafka broker (KRaft, no ZooKeeper) for development and tests.
// The broker's jars come from Maven Central through the machine's Maven (scripts/infra/kafka/pom.xml)
// and run on Java 17; nothing is downloaded from anywhere else. Data lives under .kafka/ (git-ignored).
//
//   node scripts/infra/kafka.mjs start   # starts a broker in the background on 127.0.0.1:19092
//   node scripts/infra/kafka.mjs stop
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { projectRoot } from './postgres.mjs';

const home = join(projectRoot, '.kafka');
const lib = join(home, 'lib');
const pom = join(projectRoot, 'scripts', 'infra', 'kafka', 'pom.xml');

export function javaAvailable() {
  return spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
}

/** Fetches the broker's jars with Maven once; later calls find them in .kafka/lib. */
export function fetchKafka(log = () => {}) {
  if (existsSync(lib) && readdirSync(lib).some((f) => f.startsWith('kafka_2.13-'))) return;
  if (spawnSync('mvn', ['-v'], { stdio: 'ignore' }).status !== 0) {
    throw new Error('Kafka: Maven (mvn) is needed to fetch the broker from Maven Central');
  }
  log('Kafka: fetching the broker from Maven Central (once)...');
  execFileSync('mvn', ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${lib}`, '-DincludeScope=runtime'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolveWait, reject) => {
    const attempt = () => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolveWait(); });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`Kafka: nothing listens on ${port} after ${timeoutMs} ms`));
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

function properties({ port, controllerPort, dataDir }) {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=4',
    'default.replication.factor=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=4',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=true',
    'log.flush.interval.messages=1',
    '',
  ].join('\n');
}

/**
 * Starts a broker as a child process and waits until it accepts connections. Started again with the
 * same name and port (and fresh: false) it reopens the same data: how a crash test restarts it.
 * @param {{ name?: string, port?: number, controllerPort?: number, fresh?: boolean, detached?: boolean, readyTimeoutMs?: number, log?: (l: string) => void }} options
 * @returns {Promise<{ brokers: string, pid: number, stop: () => Promise<void>, kill: () => Promise<void>, dataDir: string }>}
 */
export async function startKafka({ name = 'dev', port = 19092, controllerPort = port + 1, fresh = false, detached = false, readyTimeoutMs = 60_000, log = () => {} } = {}) {
  if (!javaAvailable()) throw new Error('Kafka: Java 17 is needed to run the broker (java not found)');
  fetchKafka(log);
  const dir = join(home, name);
  const dataDir = join(dir, 'data');
  if (fresh) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'server.properties');
  writeFileSync(config, properties({ port, controllerPort, dataDir }));
  writeFileSync(join(dir, 'log4j.properties'), [
    'log4j.rootLogger=WARN, file',
    'log4j.appender.file=org.apache.log4j.FileAppender',
    `log4j.appender.file.File=${join(dir, 'broker.log')}`,
    'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
    'log4j.logger.kafka.server.KafkaServer=INFO',
    '',
  ].join('\n'));
  const classpath = `${lib}/*`;
  const jvm = ['-Xms256m', '-Xmx768m', '-XX:+UseG1GC', `-Dlog4j.configuration=file:${join(dir, 'log4j.properties')}`, '-cp', classpath];
  if (!existsSync(join(dataDir, 'meta.properties'))) {
    // A cluster id is 16 random bytes in base64url. One that starts with "-" would be read by the
    // tool's argument parser as an option (1 start in 64 failed that way): draw again.
    let clusterId;
    do clusterId = randomBytes(16).toString('base64url').slice(0, 22);
    while (clusterId.startsWith('-'));
    execFileSync('java', [...jvm, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', config], { stdio: 'ignore' });
  }
  const out = openSync(join(dir, 'stdout.log'), 'a');
  const child = spawn('java', [...jvm, 'kafka.Kafka', config], { stdio: ['ignore', out, out], detached });
  if (detached) child.unref();
  writeFileSync(join(dir, 'pid'), String(child.pid));
  let exited = false;
  child.once('exit', () => { exited = true; });
  try {
    await waitForPort(port, readyTimeoutMs);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${error.message}; see ${join(dir, 'stdout.log')}`);
  }
  log(`Kafka: broker ${name} listening on 127.0.0.1:${port} (pid ${child.pid})`);
  return {
    brokers: `127.0.0.1:${port}`,
    pid: child.pid,
    dataDir,
    stop: async () => {
      if (exited) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    },
    /** SIGKILL at once: a crash, not a shutdown. */
    kill: async () => {
      if (exited) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await gone;
    },
  };
}

function stopByPidFile(name = 'dev') {
  const pidFile = join(home, name, 'pid');
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  try { process.kill(pid, 'SIGTERM'); } catch { return false; }
  rmSync(pidFile);
  return true;
}

// No top-level await: TypeScript tools load this module with require() (Node's require(esm)).
async function cli(command) {
  if (command === 'start') {
    const kafka = await startKafka({ detached: true, log: console.log });
    console.log(`KAFKA_BROKERS=${kafka.brokers}`);
    process.exit(0);
  } else if (command === 'stop') {
    console.log(stopByPidFile() ? 'Kafka: stopped' : 'Kafka: not running');
  } else {
    console.error('usage: node scripts/infra/kafka.mjs start|stop');
    process.exit(2);
  }
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  cli(process.argv[2]).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
