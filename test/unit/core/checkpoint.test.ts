import {
	changeOf,
	eventKey,
	learnSqlOffset,
	MAX_SEEN,
	OVERLAP_MS,
	parseServerTime,
	selectNewEvents,
	serverOffsetMinutes,
	sqlDateTime,
	timestampField,
	type TriggerState,
} from '../../../nodes/core/checkpoint';

const rec = (id: string, entered: string, modified = entered) => ({ id, date_entered: entered, date_modified: modified });

describe('trigger checkpoint', () => {
	it('reads SarvCRM ISO times with offsets and MySQL times as UTC', () => {
		expect(parseServerTime('2024-03-20T14:40:00+03:30')).toBe(Date.parse('2024-03-20T11:10:00Z'));
		expect(parseServerTime('2024-03-20 11:10:00')).toBe(Date.parse('2024-03-20T11:10:00Z'));
		expect(parseServerTime('')).toBeUndefined();
		expect(parseServerTime('not a date')).toBeUndefined();
		expect(sqlDateTime(Date.parse('2024-03-20T11:10:00.999Z'))).toBe('2024-03-20 11:10:00');
	});

	it('emits new changes oldest first and moves the checkpoint to the newest', () => {
		const records = [rec('b', '2024-03-20T10:00:05+00:00'), rec('a', '2024-03-20T10:00:01+00:00')];
		const { events, state } = selectNewEvents(records, { checkpoint: 0, seen: {} }, 'created');
		expect(events.map((e) => e.id)).toEqual(['a', 'b']);
		expect(state.checkpoint).toBe(Date.parse('2024-03-20T10:00:05Z'));
	});

	it('does not emit a record seen again inside the overlap window', () => {
		const first = selectNewEvents([rec('a', '2024-03-20T10:00:00Z')], {}, 'createdOrUpdated');
		const again = selectNewEvents([rec('a', '2024-03-20T10:00:00Z'), rec('b', '2024-03-20T10:00:00Z')], first.state, 'createdOrUpdated');
		expect(again.events.map((e) => e.id)).toEqual(['b']);
	});

	it('emits two edits of one record as two events', () => {
		const first = selectNewEvents([rec('a', '2024-03-20T10:00:00Z', '2024-03-20T10:01:00Z')], {}, 'updated');
		const second = selectNewEvents([rec('a', '2024-03-20T10:00:00Z', '2024-03-20T10:02:00Z')], first.state, 'updated');
		expect(first.events).toHaveLength(1);
		expect(second.events).toHaveLength(1);
		expect(eventKey(first.events[0], 'updated')).not.toBe(eventKey(second.events[0], 'updated'));
	});

	it('ignores never-edited records for "Record Updated" and counts creation once for "Record Created"', () => {
		const created = rec('a', '2024-03-20T10:00:00Z');
		expect(selectNewEvents([created], {}, 'updated').events).toHaveLength(0);
		const edited = rec('a', '2024-03-20T10:00:00Z', '2024-03-20T11:00:00Z');
		const first = selectNewEvents([created], {}, 'created');
		expect(selectNewEvents([edited], first.state, 'created').events).toHaveLength(0);
	});

	it('keeps its memory bounded: old keys leave the window, at most MAX_SEEN remain', () => {
		const base = Date.parse('2024-03-20T10:00:00Z');
		const many = Array.from({ length: MAX_SEEN + 50 }, (_, i) => rec(`r${i}`, new Date(base + i).toISOString()));
		const { state } = selectNewEvents(many, {}, 'created');
		expect(Object.keys(state.seen ?? {}).length).toBe(MAX_SEEN);
		const later = selectNewEvents([rec('late', new Date(base + OVERLAP_MS * 3).toISOString())], state, 'created');
		expect(Object.keys(later.state.seen ?? {})).toEqual(['late@created']);
	});

	it('leaves the previous state untouched (the caller stores the new one only on success)', () => {
		const previous: TriggerState = { checkpoint: 5, seen: { 'x@1': 5 } };
		selectNewEvents([rec('a', '2024-03-20T10:00:00Z')], previous, 'created');
		expect(previous).toEqual({ checkpoint: 5, seen: { 'x@1': 5 } });
	});

	it('timestampField: created → date_entered, otherwise date_modified', () => {
		expect(timestampField('created')).toBe('date_entered');
		expect(timestampField('updated')).toBe('date_modified');
		expect(timestampField('createdOrUpdated')).toBe('date_modified');
	});
});

describe('server clock', () => {
	it.each<[unknown, number | undefined]>([
		['2024-03-20T14:40:00+03:30', 210],
		['2024-03-20T14:40:00+0330', 210],
		['2024-03-20T05:00:00-05:00', -300],
		['2024-03-20T10:00:00Z', 0],
		['2024-03-20T10:00:00+00:00', 0],
		['2024-03-20 10:00:00', undefined],
		['', undefined],
		[undefined, undefined],
		[12345, undefined],
	])('serverOffsetMinutes(%j) → %p', (value, expected) => {
		expect(serverOffsetMinutes(value)).toBe(expected);
	});

	it('sqlDateTime writes wall-clock time in the server offset (Tehran +03:30 → 210)', () => {
		const instant = Date.parse('2024-03-20T11:10:00Z');
		expect(sqlDateTime(instant)).toBe('2024-03-20 11:10:00');
		expect(sqlDateTime(instant, 0)).toBe('2024-03-20 11:10:00');
		expect(sqlDateTime(instant, 210)).toBe('2024-03-20 14:40:00');
		expect(sqlDateTime(instant, -300)).toBe('2024-03-20 06:10:00');
		// across midnight
		expect(sqlDateTime(Date.parse('2024-03-20T22:00:00Z'), 210)).toBe('2024-03-21 01:30:00');
		// the literal and the server's own time name the same instant
		expect(sqlDateTime(parseServerTime('2024-03-20T14:40:00+03:30')!, serverOffsetMinutes('2024-03-20T14:40:00+03:30'))).toBe(
			'2024-03-20 14:40:00',
		);
	});
});

describe('selectNewEvents: the overlap horizon and the server offset', () => {
	const checkpoint = Date.parse('2024-03-20T10:00:00Z');
	const iso = (ms: number) => new Date(ms).toISOString();

	it('skips records older than checkpoint - OVERLAP_MS even when not in seen', () => {
		const tooOld = rec('old', iso(checkpoint - OVERLAP_MS - 1000));
		const justInside = rec('inside', iso(checkpoint - OVERLAP_MS + 1000));
		const atEdge = rec('edge', iso(checkpoint - OVERLAP_MS));
		const newer = rec('new', iso(checkpoint + 1000));
		const { events, state } = selectNewEvents([tooOld, justInside, atEdge, newer], { checkpoint, seen: {} }, 'created');
		expect(events.map((e) => e.id)).toEqual(['edge', 'inside', 'new']);
		expect(state.checkpoint).toBe(checkpoint + 1000);
	});

	it('without a checkpoint (first poll) nothing is too old', () => {
		const { events } = selectNewEvents([rec('ancient', '2001-01-01T00:00:00Z')], {}, 'created');
		expect(events).toHaveLength(1);
	});

	it('an older record never moves the checkpoint back', () => {
		const { state } = selectNewEvents([rec('inside', iso(checkpoint - 1000))], { checkpoint, seen: {} }, 'created');
		expect(state.checkpoint).toBe(checkpoint);
	});

	it("keeps the server's offset from the newest record, and the previous one when nothing came", () => {
		const first = selectNewEvents([rec('a', '2024-03-20T13:30:00+03:30'), rec('b', '2024-03-20T14:40:00+03:30')], {}, 'created');
		expect(first.state.offsetMinutes).toBe(210);
		const empty = selectNewEvents([], first.state, 'created');
		expect(empty.state.offsetMinutes).toBe(210);
		expect(empty.state.checkpoint).toBe(first.state.checkpoint);
		const utc = selectNewEvents([rec('c', '2024-03-20T12:00:00Z')], first.state, 'created');
		expect(utc.state.offsetMinutes).toBe(0);
	});

	it('no offset at all: none stored', () => {
		const { state } = selectNewEvents([rec('a', '2024-03-20 10:00:00')], {}, 'created');
		expect('offsetMinutes' in state).toBe(false);
	});
});

describe('learnSqlOffset', () => {
	const since = Date.parse('2024-03-20T10:00:00Z');
	const tehran = { offsetMinutes: 210 };

	it('records older than the literal (beyond a minute): the database compared local time', () => {
		// A UTC literal 10:00 read as Tehran time lets records from 06:30Z through.
		const records = [rec('a', '2024-03-20T10:00:00+03:30'), rec('b', '2024-03-20T14:00:00+03:30')];
		expect(learnSqlOffset(records, 'created', since, tehran)).toBe(210);
	});

	it('records at or after the literal (a minute of slack): nothing learned', () => {
		expect(learnSqlOffset([rec('a', '2024-03-20T13:29:30+03:30')], 'created', since, tehran)).toBeUndefined();
		expect(learnSqlOffset([rec('a', '2024-03-20T14:00:00+03:30')], 'created', since, tehran)).toBeUndefined();
		expect(learnSqlOffset([], 'created', since, tehran)).toBeUndefined();
		expect(learnSqlOffset([{ id: 'x', date_entered: 'garbage' }], 'created', since, tehran)).toBeUndefined();
	});

	it('uses the field of the event', () => {
		const r = rec('a', '2024-03-20T14:00:00+03:30', '2024-03-20T09:00:00+03:30');
		expect(learnSqlOffset([r], 'created', since, tehran)).toBeUndefined();
		expect(learnSqlOffset([r], 'updated', since, tehran)).toBe(210);
	});

	it('once learned it stays; a UTC server has nothing to learn', () => {
		const old = [rec('a', '2024-03-20T00:00:00Z')];
		expect(learnSqlOffset(old, 'created', since, { offsetMinutes: 210, sqlOffsetMinutes: 0 })).toBe(0);
		expect(learnSqlOffset(old, 'created', since, { offsetMinutes: 0 })).toBeUndefined();
		expect(learnSqlOffset(old, 'created', since, {})).toBeUndefined();
	});
});

describe('changeOf and the deleted stream', () => {
	it('a record is created until date_modified moves past date_entered', () => {
		expect(changeOf({ date_entered: '2024-01-01T10:00:00+03:30', date_modified: '2024-01-01T10:00:00+03:30' })).toBe('created');
		expect(changeOf({ date_entered: '2024-01-01T10:00:00+03:30', date_modified: '2024-01-01T10:00:01+03:30' })).toBe('updated');
	});
	it("'deleted' events go by date_modified, once per record version", () => {
		expect(timestampField('deleted')).toBe('date_modified');
		const row = { id: 'x', deleted: '1', date_entered: '2024-01-01 10:00:00', date_modified: '2024-01-02 10:00:00' };
		const first = selectNewEvents([row], { checkpoint: Date.parse('2024-01-02T09:59:00Z') }, 'deleted');
		expect(first.events).toEqual([row]);
		expect(selectNewEvents([row], first.state, 'deleted').events).toEqual([]);
	});
});
