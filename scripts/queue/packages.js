'use strict';
// Redis and Postgres from Debian, installed only when missing (as .ci/run does for Chromium).
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const REDIS_SERVER = '/usr/bin/redis-server';
const PG_ROOT = '/usr/lib/postgresql';

/** The bin folder of the newest installed PostgreSQL server (Debian: /usr/lib/postgresql/<major>/bin). */
function postgresBin() {
	if (!fs.existsSync(PG_ROOT)) return undefined;
	const majors = fs
		.readdirSync(PG_ROOT)
		.filter((d) => fs.existsSync(path.join(PG_ROOT, d, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? path.join(PG_ROOT, majors[0], 'bin') : undefined;
}

function missingPackages() {
	const missing = [];
	if (!fs.existsSync(REDIS_SERVER)) missing.push('redis-server');
	if (!postgresBin()) missing.push('postgresql');
	return missing;
}

function ensureQueuePackages(log = (m) => process.stderr.write(`[queue] ${m}\n`)) {
	const missing = missingPackages();
	if (!missing.length) return;
	if (process.getuid?.() !== 0) {
		throw new Error(`missing ${missing.join(' and ')}: run  sudo apt-get install -y ${missing.join(' ')}`);
	}
	log(`installing ${missing.join(', ')} from Debian (apt-get)`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update'], { stdio: ['ignore', 'inherit', 'inherit'], env });
	execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: ['ignore', 'inherit', 'inherit'], env });
	const still = missingPackages();
	if (still.length) throw new Error(`apt-get did not install ${still.join(', ')}`);
}

module.exports = { ensureQueuePackages, postgresBin, REDIS_SERVER };
