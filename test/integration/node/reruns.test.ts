/**
 * A Create creates: the same rows run twice are two sets of records (every version, one item or
 * many); a production execution that stopped half way is resumed by the next one, each row
 * written once; a Record Key makes a deliberate re-run update; and every count a stopped run
 * gives equals what the server holds, at every point a batch can fail.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startHarness, type ExecutionSettings, type Harness, type NodeSettings } from '../../harness';
import { asAnotherServer } from '../../harness/servers';
import { DEFAULT_PROFILE } from '../../sandbox';
import { createLeads, leadRows, restoreSandbox } from './fixtures';

let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(async () => await h?.close());
afterEach(() => restoreSandbox(h));

let runs = 0;
/** A fresh Base URL and workflow per test: nothing learned or kept by another test. */
let workflowId = '';
beforeEach(() => {
	asAnotherServer(h, `reruns-${++runs}`);
	workflowId = `reruns-workflow-${runs}`;
});

const V11: NodeSettings = { typeVersion: 1.1 };
const V12: NodeSettings = { typeVersion: 1.2 };
const PRODUCTION = (): ExecutionSettings => ({ mode: 'trigger', workflowId });
const MANUAL = (): ExecutionSettings => ({ mode: 'manual', workflowId });

const rows = leadRows;
const stored = (tag: string) => h.sandbox.records('Leads').filter((r) => String(r.last_name).startsWith(`${tag}-`));
/** Warms the server: the node learns whether it keeps chosen ids, so the next faults hit batches. */
const warm = async () => (await h.runNode(createLeads(), rows('Warm', 2), V12)).assertSuccess();

/** The counts a stopped run's error gives. */
function tally(description: string): { written: number; failed: number; notSent: number } {
	const n = (re: RegExp) => Number(re.exec(description)?.[1] ?? 0);
	expect(description).toMatch(/The run stopped here:/);
	return {
		written: n(/(\d+) other items? (?:was|were) written/),
		failed: n(/(\d+) items? failed/),
		notSent: n(/(\d+) items? (?:was|were) not sent/),
	};
}
const descriptionOf = (result: { error?: unknown }) => String((result.error as { description?: string } | undefined)?.description);

describe('the same rows run twice make two sets of records', () => {
	const cases: Array<[string, NodeSettings, IDataObject, number]> = [
		['1.2 (Bulk Write), many items', V12, {}, 30],
		['1.2 (Bulk Write), one item', V12, {}, 1],
		['1.1, many items', V11, {}, 30],
		['1.1, one item', V11, {}, 1],
		['1.1 with the Bulk Write option on, many items', V11, { bulkWrite: true }, 30],
	];
	it.each(cases)('%s: 2 x N records', async (_name, version, options, n) => {
		const tag = `Twice${runs}`;
		await warm();
		(await h.runNode(createLeads(options), rows(tag, n), version)).assertSuccess();
		(await h.runNode(createLeads(options), rows(tag, n), version)).assertSuccess();
		expect(stored(tag)).toHaveLength(2 * n);
	});

	it('production executions too (each succeeded: nothing to resume)', async () => {
		await warm();
		(await h.runNode(createLeads(), rows('Prod', 40), V12, PRODUCTION())).assertSuccess();
		(await h.runNode(createLeads(), rows('Prod', 40), V12, PRODUCTION())).assertSuccess();
		expect(stored('Prod')).toHaveLength(80);
		expect(h.staticData(workflowId)).toBeUndefined();
	});

	it('two SarvCRM nodes of one execution writing the same rows: two sets', async () => {
		await warm();
		const a = h.sarvNode(createLeads(), { ...V12, name: 'Create A' });
		const b = h.sarvNode(createLeads(), { ...V12, name: 'Create B' });
		const result = await h.run({
			nodes: [h.startNode(rows('TwoNodes', 30)), a, b],
			connections: {
				Start: {
					main: [
						[
							{ node: 'Create A', type: 'main', index: 0 },
							{ node: 'Create B', type: 'main', index: 0 },
						],
					],
				},
			},
		});
		expect(result.error).toBeUndefined();
		expect(stored('TwoNodes')).toHaveLength(60);
	});

	it('identical rows inside one run are separate records', async () => {
		await warm();
		const same = Array.from({ length: 12 }, () => ({ name: 'Same-0', note: '' }));
		const out = (await h.runNode(createLeads(), same, V12)).assertSuccess().json();
		expect(stored('Same')).toHaveLength(12);
		expect(new Set(out.map((o) => o.id)).size).toBe(12);
	});
});

describe('a production execution that stopped half way, run again', () => {
	/** The first batch dies at record 37 and its re-sent rest fails too: the run stops. */
	const stopAt37 = () => {
		h.sandbox.service2.bulkFaults = { failAtRecord: 37 };
		h.sandbox.failNext(1, { type: 'status', status: 502 }, 'service2.set_entries');
	};

	it('writes each row exactly once, then the identity is dropped: a later run creates anew', async () => {
		await warm();
		stopAt37();
		const first = await h.runNode(createLeads({ maxParallel: 1 }), rows('Resume', 300), V12, PRODUCTION());
		expect(first.status).toBe('error');
		expect(stored('Resume')).toHaveLength(36);
		expect(tally(descriptionOf(first))).toEqual({ written: 36, failed: 64, notSent: 200 });
		expect(descriptionOf(first)).toMatch(/Running this workflow again on the same rows writes each row once/);
		expect(h.staticData(workflowId)).toBeDefined();

		const again = (await h.runNode(createLeads(), rows('Resume', 300), V12, PRODUCTION())).assertSuccess().json();
		expect(stored('Resume')).toHaveLength(300);
		expect(new Set(stored('Resume').map((r) => r.last_name)).size).toBe(300);
		const ids = new Map(stored('Resume').map((r) => [r.last_name, r.id]));
		expect(again.every((o) => ids.get(String(o.last_name)) === o.id)).toBe(true);
		expect(JSON.stringify(h.staticData(workflowId))).not.toMatch(/sarvCrmPendingRun/);

		(await h.runNode(createLeads(), rows('Resume', 300), V12, PRODUCTION())).assertSuccess();
		expect(stored('Resume')).toHaveLength(600);
	});

	it('resumes rows given in another order, or with the written ones left out', async () => {
		await warm();
		stopAt37();
		const all = rows('Order', 150);
		expect((await h.runNode(createLeads({ maxParallel: 1 }), all, V12, PRODUCTION())).status).toBe('error');
		// Reordered, and the first 20 rows (written) no longer in the input.
		(await h.runNode(createLeads(), [...all].reverse().slice(0, 130), V12, PRODUCTION())).assertSuccess();
		expect(stored('Order')).toHaveLength(150);
		expect(new Set(stored('Order').map((r) => r.last_name)).size).toBe(150);
	});

	it('a manual execution keeps nothing: its error says running again writes the written rows once more', async () => {
		await warm();
		stopAt37();
		const first = await h.runNode(createLeads({ maxParallel: 1 }), rows('Manual', 300), V12, MANUAL());
		expect(tally(descriptionOf(first))).toEqual({ written: 36, failed: 64, notSent: 200 });
		expect(descriptionOf(first)).toMatch(/manual execution.*running it again creates the 36 written items once more/);
		expect(h.staticData(workflowId)).toBeUndefined();
	});
});

describe('Record Key: an import re-run on purpose', () => {
	const keyed = (options: IDataObject = {}) => createLeads({ recordKey: '={{ $json.name }}', ...options });

	it.each([
		['many items', 40],
		['one item', 1],
	])('%s run twice: N records, the second run updates them', async (_name, n) => {
		const tag = `Key${runs}`;
		const first = (await h.runNode(keyed(), rows(tag, n), V12)).assertSuccess().json();
		const second = (
			await h.runNode(
				keyed(),
				rows(tag, n, () => 'again'),
				V12,
			)
		)
			.assertSuccess()
			.json();
		expect(stored(tag)).toHaveLength(n);
		expect(second.map((o) => o.id)).toEqual(first.map((o) => o.id));
		expect(stored(tag).every((r) => r.description === 'again')).toBe(true);
	});

	it('on a version 1.1 node too (the key goes through set_entries)', async () => {
		(await h.runNode(keyed(), rows('KeyOld', 5), V11)).assertSuccess();
		(await h.runNode(keyed(), rows('KeyOld', 5), V11)).assertSuccess();
		expect(stored('KeyOld')).toHaveLength(5);
	});

	it('a server that gives its own ids: refused clearly, and nothing stays written', async () => {
		h.sandbox.setProfile({ ...DEFAULT_PROFILE, newWithId: 'ignored' });
		const before = h.sandbox.records('Leads').length;
		const result = await h.runNode(keyed(), rows('KeyOwn', 20), V12);
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/gives new Leads records ids of its own, so Record Key cannot find a record written before/);
		expect(descriptionOf(result)).toMatch(/deleted again/);
		expect(h.sandbox.records('Leads')).toHaveLength(before);
		// Now known: the next run fails before writing anything.
		h.sandbox.clearLog();
		expect((await h.runNode(keyed(), rows('KeyOwn', 20), V12)).status).toBe('error');
		expect(h.sandbox.log.filter((e) => e.method === 'service2.set_entries' || e.method === 'Save')).toEqual([]);
	});

	it('a server without service2: refused before anything is written', async () => {
		h.sandbox.setProfile({ ...DEFAULT_PROFILE, service2: 'absent' });
		h.sandbox.clearLog();
		const result = await h.runNode(keyed(), rows('KeyNoS2', 5), V12);
		expect(result.error?.message).toMatch(/Record Key needs SarvCRM's service2/);
		expect(h.sandbox.log.filter((e) => e.method === 'Save')).toEqual([]);
	});
});

describe('the first create, sent alone', () => {
	it('a dropped reply: read back and finished, N records, each item with its own id', async () => {
		h.sandbox.service2.bulkFaults = { dropAfterWrite: true };
		const out = (await h.runNode(createLeads(), rows('First', 250), V12)).assertSuccess().json();
		expect(stored('First')).toHaveLength(250);
		const ids = new Map(stored('First').map((r) => [r.last_name, r.id]));
		expect(out.map((o) => o.id)).toEqual(rows('First', 250).map((r) => ids.get(r.name)));
		expect(new Set(out.map((o) => o.id)).size).toBe(250);
	});

	it('failing twice: the run stops with exact counts (nothing written)', async () => {
		h.sandbox.failNext(2, { type: 'status', status: 502 }, 'service2.set_entries');
		const result = await h.runNode(createLeads(), rows('FirstDown', 50), V12);
		expect(result.status).toBe('error');
		expect(stored('FirstDown')).toHaveLength(0);
		expect(tally(descriptionOf(result))).toEqual({ written: 0, failed: 1, notSent: 49 });
	});
});

describe('every count in a stopped run equals what the server holds', () => {
	const check = (description: string, tag: string, n: number) => {
		const counts = tally(description);
		expect(counts.written).toBe(stored(tag).length);
		expect(counts.written + counts.failed + counts.notSent).toBe(n);
		return counts;
	};

	it('batches in parallel, one dying at record 37, records skipped in each', async () => {
		await warm();
		h.sandbox.service2.bulkFaults = { failAtRecord: 37, skip: { field: 'description', value: 'locked' } };
		const input = rows('Par', 600, (i) => (i % 10 === 3 ? 'locked' : ''));
		const result = await h.runNode(createLeads({ maxParallel: 4 }), input, V12);
		expect(result.status).toBe('error');
		// Four batches were in flight when the first error came: each finished, none started after.
		expect(check(descriptionOf(result), 'Par', 600)).toEqual({ written: 360, failed: 40, notSent: 200 });
	});

	it('a dropped connection after writing: every row counted once, as written', async () => {
		await warm();
		h.sandbox.service2.bulkFaults = { dropAfterWrite: true };
		const result = (await h.runNode(createLeads({ maxParallel: 1 }), rows('Drop', 250), V12)).assertSuccess();
		expect(stored('Drop')).toHaveLength(250);
		expect(result.json()).toHaveLength(250);
	});

	it('a batch the proxy timed out (504) after 60 records, its re-send failing too', async () => {
		await warm();
		h.sandbox.service2.bulkFaults = { timeOutAfterRecord: 60 };
		h.sandbox.failNext(1, { type: 'status', status: 502 }, 'service2.set_entries');
		const result = await h.runNode(createLeads({ maxParallel: 1 }), rows('Late', 250), V12);
		expect(check(descriptionOf(result), 'Late', 250)).toEqual({ written: 60, failed: 40, notSent: 150 });
	});

	it('a batch the proxy timed out, finished by the re-send', async () => {
		await warm();
		h.sandbox.service2.bulkFaults = { timeOutAfterRecord: 60 };
		const out = (await h.runNode(createLeads(), rows('Late2', 250), V12)).assertSuccess().json();
		expect(stored('Late2')).toHaveLength(250);
		expect(out).toHaveLength(250);
	});

	it('records skipped by the server: counted as skipped, never as written', async () => {
		await warm();
		h.sandbox.service2.bulkFaults = { skip: { field: 'description', value: 'locked' } };
		const input = rows('Skip', 300, (i) => (i % 10 === 3 ? 'locked' : ''));
		const result = await h.runNode(createLeads({ maxParallel: 1 }), input, V12);
		const counts = check(descriptionOf(result), 'Skip', 300);
		expect(counts).toEqual({ written: 90, failed: 10, notSent: 200 });
		expect(descriptionOf(result)).toMatch(/10 items failed, this one included \(10 skipped by SarvCRM\)/);
	});
});
