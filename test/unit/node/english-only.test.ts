import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { SarvCrmApi } from '../../../credentials/SarvCrmApi.credentials';
import { SarvCrm } from '../../../nodes/SarvCrm/SarvCrm.node';
import { SarvCrmRecordsTrigger } from '../../../nodes/SarvCrmRecordsTrigger/SarvCrmRecordsTrigger.node';
import { SarvCrmTrigger } from '../../../nodes/SarvCrmTrigger/SarvCrmTrigger.node';

/** Arabic-script block (Persian letters and digits): n8n's verification asks for an English-only interface. */
const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]+/g;
const ROOT = join(__dirname, '..', '..', '..');

describe('English-only interface and README (n8n verification guidelines)', () => {
	it.each([
		['SarvCRM node', () => new SarvCrm().description],
		['SarvCRM Trigger node', () => new SarvCrmTrigger().description],
		['SarvCRM Records Trigger node', () => new SarvCrmRecordsTrigger().description],
		['SarvCRM API credential', () => new SarvCrmApi()],
	])('%s description has no Persian script', (_name, describe) => {
		expect(JSON.stringify(describe()).match(ARABIC_SCRIPT)).toBeNull();
	});

	it.each([
		'README.md',
		'nodes/SarvCrm/SarvCrm.node.json',
		'nodes/SarvCrmTrigger/SarvCrmTrigger.node.json',
		'nodes/SarvCrmRecordsTrigger/SarvCrmRecordsTrigger.node.json',
		'package.json',
	])('%s has no Persian script', (file) => {
		expect(readFileSync(join(ROOT, file), 'utf8').match(ARABIC_SCRIPT)).toBeNull();
	});
});
