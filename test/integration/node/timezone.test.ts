/**
 * A date-time typed without an offset is wall-clock time in the workflow's time zone (n8n's
 * convention, `getTimezone()`), not the n8n process's: on every write path (one Save, and
 * set_entries batches), in Jalali, in Get Many's filters and in the trigger's.
 */
import type { INodeParameters } from 'n8n-workflow';

import { startHarness, type Harness, type NodeSettings } from '../../harness';
import { asAnotherServer } from '../../harness/servers';

let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(async () => await h?.close());
let runs = 0;
beforeEach(() => asAnotherServer(h, `tz-${++runs}`));

const TEHRAN = { timezone: 'Asia/Tehran' };
const AT_0630Z = Date.parse('2024-05-01T06:30:00Z');

const meeting = (options: INodeParameters = {}): INodeParameters => ({
	resource: 'Meetings',
	operation: 'create',
	fieldsInput: 'list',
	fields: {
		field: [
			{ name: 'name', value: '={{ $json.name }}' },
			{ name: 'date_start', value: '={{ $json.start }}' },
		],
	},
	options,
});
const storedStart = (name: string) => {
	const found = h.sandbox.records('Meetings').filter((r) => r.name === name);
	expect(found).toHaveLength(1);
	return Date.parse(String(found[0].date_start));
};
const sentStarts = () =>
	JSON.stringify(h.sandbox.log.filter((e) => e.method === 'Save' || e.method === 'service2.set_entries').map((e) => e.body)).match(
		/2024-05-01T\d\d:\d\d:\d\dZ/g,
	) ?? [];

describe('writes', () => {
	const paths: Array<[string, NodeSettings, number]> = [
		['one Save (1.1)', { typeVersion: 1.1 }, 1],
		['set_entries batches (1.2, Bulk Write)', { typeVersion: 1.2 }, 3],
	];
	it.each(paths)('%s: 2024-05-01 10:00 in Asia/Tehran is stored as 2024-05-01T06:30:00Z', async (_name, version, n) => {
		const items = Array.from({ length: n }, (_, i) => ({ name: `Tehran ${runs}-${i}`, start: '2024-05-01 10:00' }));
		h.sandbox.clearLog();
		(await h.runNode(meeting(), items, version, TEHRAN)).assertSuccess();
		for (const item of items) expect(storedStart(item.name)).toBe(AT_0630Z);
		expect(new Set(sentStarts())).toEqual(new Set(['2024-05-01T06:30:00Z']));
	});

	it('Update and Create or Update the same way', async () => {
		const id = String(h.sandbox.insert('Meetings', { name: `Moved ${runs}`, date_start: '2024-01-01T00:00:00Z' }).id);
		const update = {
			resource: 'Meetings',
			operation: 'update',
			recordId: id,
			fieldsInput: 'list',
			fields: { field: [{ name: 'date_start', value: '2024-05-01 10:00' }] },
		};
		(await h.runNode(update, [{}], { typeVersion: 1.1 }, TEHRAN)).assertSuccess();
		expect(storedStart(`Moved ${runs}`)).toBe(AT_0630Z);
		const upsert = { ...meeting(), operation: 'upsert', matchFields: ['name'] };
		(await h.runNode(upsert, [{ name: `Upserted ${runs}`, start: '2024-05-01 10:00' }], { typeVersion: 1.2 }, TEHRAN)).assertSuccess();
		expect(storedStart(`Upserted ${runs}`)).toBe(AT_0630Z);
	});

	/** One meeting created from `start` as typed, by `typeVersion`, in a workflow of `timezone` (none: the instance's, UTC here). */
	const createMeeting = async (typeVersion: number, name: string, start: string, timezone?: string, options: INodeParameters = {}) =>
		(await h.runNode(meeting(options), [{ name, start }], { typeVersion }, timezone ? { timezone } : {})).assertSuccess();

	describe.each([[1.1], [1.2]])('node version %s', (typeVersion) => {
		it('a Jalali date-time (1403/02/12 10:00) the same way', async () => {
			await createMeeting(typeVersion, `Jalali ${runs}`, '۱۴۰۳/۰۲/۱۲ ۱۰:۰۰', TEHRAN.timezone, { datesTypedIn: 'jalali' });
			expect(storedStart(`Jalali ${runs}`)).toBe(AT_0630Z);
		});

		it('a value with its offset keeps it; without a workflow setting the instance zone (UTC here) is used', async () => {
			await createMeeting(typeVersion, `Offset ${runs}`, '2024-05-01T10:00:00+03:30', 'America/New_York');
			expect(storedStart(`Offset ${runs}`)).toBe(AT_0630Z);
			await createMeeting(typeVersion, `Instance ${runs}`, '2024-05-01 06:30');
			expect(storedStart(`Instance ${runs}`)).toBe(AT_0630Z);
		});

		it('New York in summer time: 2024-07-01 09:00 is 13:00Z', async () => {
			await createMeeting(typeVersion, `NY ${runs}`, '2024-07-01 09:00', 'America/New_York');
			expect(storedStart(`NY ${runs}`)).toBe(Date.parse('2024-07-01T13:00:00Z'));
		});
	});
});

describe('filters', () => {
	const seed = (tag: string) => {
		h.sandbox.insert('Meetings', { name: `${tag} early`, date_start: '2024-05-01T06:00:00Z' });
		return String(h.sandbox.insert('Meetings', { name: `${tag} on time`, date_start: '2024-05-01T06:30:00Z' }).id);
	};
	const from10 = { conditions: [{ field: 'date_start', operator: 'greaterOrEqual', value: '2024-05-01 10:00' }] };

	it('Get Many: date_start from 2024-05-01 10:00 in Asia/Tehran finds the 06:30Z meeting, not the 06:00Z one', async () => {
		const tag = `Filter ${runs}`;
		const id = seed(tag);
		const result = await h.runNode(
			{ resource: 'Meetings', operation: 'getAll', returnAll: true, filters: from10 },
			[{}],
			{ typeVersion: 1.1 },
			TEHRAN,
		);
		const found = result
			.assertSuccess()
			.json()
			.filter((r) => String(r.name).startsWith(tag));
		expect(found.map((r) => r.id)).toEqual([id]);
	});

	it("the trigger's filters too", async () => {
		const params = { resource: 'Meetings', event: 'created', filters: from10 };
		const first = await h.poll('sarvCrmTrigger', params, {}, { timezone: 'Asia/Tehran' });
		h.sandbox.advanceClock(1000);
		const id = seed(`Trigger ${runs}`);
		const next = await h.poll('sarvCrmTrigger', params, first.staticData, { timezone: 'Asia/Tehran' });
		expect((next.items?.[0] ?? []).map((i) => String(i.json.id))).toEqual([id]);
	});
});
