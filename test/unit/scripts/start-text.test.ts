/**
 * The summary `npm start` prints when n8n is up (scripts/n8n/start-text.js): it says that the
 * examples are inactive and gives, for every webhook example, its address and a curl line that
 * sends what that example reads. (`npm run check:start` and the e2e suite run the real thing.)
 */
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSummary, exampleWebhooks } = require(path.join(ROOT, 'scripts/n8n/start-text.js'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readExamples } = require(path.join(ROOT, 'scripts/n8n/import.js'));

interface Example {
	file: string;
	workflow: { id: string; name: string; nodes: Array<{ type: string; parameters: Record<string, any> }> };
}
const examples: Example[] = readExamples();
const URL = 'http://127.0.0.1:5678';

function summary(major: number): string[] {
	return startSummary({
		version: major >= 2 ? '2.41.1' : '1.123.50',
		major,
		url: URL,
		ready: '12.3 s',
		who: { email: 'admin@sarvcrm.example.com', password: 'SarvDemo-2024' },
		ownerExisted: false,
		sarvcrm: 'sandbox http://127.0.0.1:8787 (utype demo, admin / sarv-demo, demo data)',
		credentialName: 'SarvCRM Sandbox',
		examples,
	});
}

/** The fields of the webhook's body an example reads (`$json.body.x`). */
function bodyFieldsRead(example: Example): string[] {
	return [...new Set([...JSON.stringify(example.workflow.nodes).matchAll(/\$json\.body\.(\w+)/g)].map((m) => m[1]))].sort();
}

describe('the npm start summary', () => {
	const lines = summary(2);
	const curls = lines.filter((l) => l.trim().startsWith('curl '));

	it('is short: well inside the 40-line budget of the whole first run', () => {
		expect(lines.filter((l) => l.length).length).toBeLessThanOrEqual(18);
	});

	it('says the examples are imported inactive', () => {
		expect(lines.join('\n')).toMatch(/example workflows, all INACTIVE/);
	});

	it('gives one curl line per webhook example, with its method and test address', () => {
		const hooks = exampleWebhooks(examples);
		expect(hooks.map((h: { path: string }) => h.path)).toEqual(['sarvcrm-lead', 'sarvcrm-file-note', 'sarvcrm-phone']);
		expect(curls).toHaveLength(hooks.length);
		for (const [i, h] of hooks.entries()) {
			expect(curls[i]).toContain(`'${URL}/webhook-test/${h.path}`);
			expect(curls[i].includes(`-X ${h.method}`)).toBe(h.method !== 'GET');
			expect(curls[i]).toContain(`# ${h.file}`);
		}
		expect(lines.join('\n')).toContain(`${URL}/webhook/<path>`);
	});

	it('the lead curl sends every body field the lead example reads', () => {
		const lead = examples.find((e) => e.file === 'webhook-lead-upsert.json')!;
		const body = JSON.parse(/-d '([^']+)'/.exec(curls[0])![1]);
		expect(Object.keys(body).sort()).toEqual(bodyFieldsRead(lead));
	});

	it("the file curl posts the form fields the file example reads, the file in its binary field, to the first curl's lead", () => {
		const fileExample = examples.find((e) => e.file === 'webhook-file-to-note.json')!;
		const fields = [...curls[1].matchAll(/-F '(\w+)=/g)].map((m) => m[1]);
		const upload = fileExample.workflow.nodes.find((n) => n.parameters.operation === 'uploadFile')!;
		expect(fields.sort()).toEqual([...bodyFieldsRead(fileExample), upload.parameters.binaryPropertyName].sort());
		expect(curls[1]).toContain("-F 'file=@README.md'");
		expect(curls[1]).toContain(`email=${JSON.parse(/-d '([^']+)'/.exec(curls[0])![1]).email}`);
	});

	it("names the way to keep a workflow listening in each line's words (2.x publishes, 1.x switches Active)", () => {
		expect(summary(2).join('\n')).toContain('Publish it');
		expect(summary(1).join('\n')).toContain('Switch it Active');
	});
});
