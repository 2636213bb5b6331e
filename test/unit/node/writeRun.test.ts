/** The run identity of a Create: what a failed production run keeps, and what its error says. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { closeWriteRun, openWriteRun, rerunNote, type WriteRun } from '../../../nodes/SarvCrm/writeRun';

/** The few things of an execution the identity reads: mode, execution id, node, static data. */
function execution(mode: string, executionId: string, data: IDataObject): IExecuteFunctions {
	return {
		getMode: () => mode,
		getExecutionId: () => executionId,
		getWorkflow: () => ({ id: 'wf-1' }),
		getNode: () => ({ name: 'SarvCRM' }),
		getWorkflowStaticData: () => data,
	} as unknown as IExecuteFunctions;
}

describe('openWriteRun / closeWriteRun', () => {
	it('a failed production run is kept and taken over by the next execution, then dropped once every item is written', () => {
		const data: IDataObject = {};
		const first = openWriteRun(execution('trigger', 'exec-1', data));
		expect(first.id).toBe('exec-1');
		first.usedChosenIds = true;
		closeWriteRun(execution('trigger', 'exec-1', data), first, { written: 36, unwritten: 264 });
		expect(data.sarvCrmPendingRun).toMatchObject({ id: 'exec-1', written: 36 });

		const second = openWriteRun(execution('trigger', 'exec-2', data));
		expect(second.id).toBe('exec-1');
		expect(second.newId('Leads', { last_name: 'A' })).toBe(first.newId('Leads', { last_name: 'A' }));
		second.usedChosenIds = true;
		closeWriteRun(execution('trigger', 'exec-2', data), second, { written: 300, unwritten: 0 });
		expect(data).toEqual({});
		expect(openWriteRun(execution('trigger', 'exec-3', data)).id).toBe('exec-3');
	});

	it('identical rows get the 1st, 2nd... id of their values; another execution other ids', () => {
		const run = openWriteRun(execution('manual', 'exec-1', {}));
		const a = run.newId('Leads', { last_name: 'A' });
		const b = run.newId('Leads', { last_name: 'A' });
		expect(a).not.toBe(b);
		expect(openWriteRun(execution('manual', 'exec-2', {})).newId('Leads', { last_name: 'A' })).not.toBe(a);
	});

	it('a manual run neither takes over nor keeps anything', () => {
		const data: IDataObject = { sarvCrmPendingRun: { id: 'old', at: 1, written: 3 } };
		const run = openWriteRun(execution('manual', 'exec-9', data));
		expect(run.id).toBe('exec-9');
		run.usedChosenIds = true;
		closeWriteRun(execution('manual', 'exec-9', data), run, { written: 1, unwritten: 5 });
		expect(data.sarvCrmPendingRun).toEqual({ id: 'old', at: 1, written: 3 });
	});
});

describe('rerunNote', () => {
	const run = (over: Partial<WriteRun>): WriteRun => ({
		id: 'x',
		kept: true,
		usedChosenIds: true,
		usedKeys: false,
		newId: () => '',
		...over,
	});

	it('says what running again does, by how the records were made', () => {
		expect(rerunNote(run({}), 36, 'new')).toMatch(/writes each row once/);
		expect(rerunNote(run({ kept: false }), 36, 'new')).toMatch(/manual execution.*creates the 36 written items once more/);
		expect(rerunNote(run({ usedChosenIds: false }), 1, 'new')).toMatch(/creates the 1 written item once more/);
		expect(rerunNote(run({ usedChosenIds: false, usedKeys: true }), 5, 'new')).toMatch(/updates the records of the Record Keys/);
		expect(rerunNote(run({}), 5, 'matched')).toMatch(/by their match fields and updates them/);
		expect(rerunNote(run({}), 5, undefined)).toBe('');
		expect(rerunNote(run({}), 0, 'new')).toBe('');
	});
});
