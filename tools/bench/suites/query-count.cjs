// Preloaded into spawned services with BENCH_QUERY_COUNT=<dir> (through NODE_OPTIONS=--require):
// counts the statements each process sends to PostgreSQL through `pg`, by their first words, and
// writes <dir>/<entry>-<pid>.queries.json at exit. Round trips are what a payment costs here.
const { writeFileSync } = require('node:fs');
const { basename, dirname, join } = require('node:path');

const dir = process.env.BENCH_QUERY_COUNT;
if (dir) {
  const counts = {};
  // How much of each statement names it (BENCH_QUERY_KEY_CHARS, default 60): more tells apart statements that begin alike.
  const keyChars = Number(process.env.BENCH_QUERY_KEY_CHARS) || 60;
  const { Client } = require('pg');
  const query = Client.prototype.query;
  Client.prototype.query = function counted(config, ...rest) {
    const text = typeof config === 'string' ? config : (config && config.text) || '';
    const key = text.replace(/\s+/g, ' ').trim().slice(0, keyChars);
    counts[key] = (counts[key] || 0) + 1;
    return query.call(this, config, ...rest);
  };
  const entry = process.argv[process.argv.length - 1] || 'node';
  const name = `${basename(dirname(dirname(entry)))}-${basename(entry, '.ts')}-${process.pid}.queries.json`;
  process.on('exit', () => writeFileSync(join(dir, name), JSON.stringify(counts, null, 1)));
}
