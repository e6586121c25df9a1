// Preloaded into spawned services with BENCH_CPU_PROF=<dir> (through NODE_OPTIONS=--require, where
// Node refuses --cpu-prof): profiles the whole process and writes <dir>/<entry>-<pid>.cpuprofile at exit.
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { basename, dirname, join } = require('node:path');

const dir = process.env.BENCH_CPU_PROF;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  const entry = process.argv[process.argv.length - 1] || 'node';
  const name = `${basename(dirname(dirname(entry)))}-${basename(entry, '.ts')}-${process.pid}.cpuprofile`;
  // The in-process inspector answers synchronously, so this works inside 'exit'.
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(dir, name), JSON.stringify(result.profile));
    });
  });
}
