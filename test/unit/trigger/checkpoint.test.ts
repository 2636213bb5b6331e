import {
	eventKey,
	MAX_SEEN,
	OVERLAP_MS,
	parseServerTime,
	selectNewEvents,
	sqlDateTime,
	type TriggerState,
} from '../../../nodes/SarvCrmTrigger/checkpoint';

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
});
