'use strict';
// Redis and Postgres from Debian, installed only when missing (as .ci/run does for Chromium).
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const REDIS_SERVER = '/usr/bin/redis-server';
const PG_ROOT = '/usr/lib/postgresql';
/** Debian's switch that keeps package installs from starting services (exit 101 = not now). */
const POLICY_RC_D = '/usr/sbin/policy-rc.d';

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
	// We run our own throw-away servers: the packages must not start system services
	// (on 6379/5432) that would outlive the test. Docker images already have this file.
	const ownPolicy = !fs.existsSync(POLICY_RC_D);
	if (ownPolicy) fs.writeFileSync(POLICY_RC_D, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
	try {
		execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: ['ignore', 'inherit', 'inherit'], env });
	} finally {
		if (ownPolicy) fs.rmSync(POLICY_RC_D, { force: true });
	}
	const still = missingPackages();
	if (still.length) throw new Error(`apt-get did not install ${still.join(', ')}`);
}

module.exports = { ensureQueuePackages, postgresBin, REDIS_SERVER };
