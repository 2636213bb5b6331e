/** The ids Bulk Write gives new records: per run identity, per key. */
import { chosenId, keyedId } from '../../../nodes/core/service2/bulk';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('chosenId', () => {
	const values = { last_name: 'Karimi', status: 'New' };

	it('is a UUID, the same for the same run, module, values and nth', () => {
		expect(chosenId('wf\u0000node\u0000exec-1', 'Leads', values, 0)).toMatch(UUID);
		expect(chosenId('wf\u0000node\u0000exec-1', 'Leads', values, 0)).toBe(chosenId('wf\u0000node\u0000exec-1', 'Leads', { ...values }, 0));
	});

	it('differs for another execution, another identical row of the run, other values or module', () => {
		const base = chosenId('run-1', 'Leads', values, 0);
		expect(chosenId('run-2', 'Leads', values, 0)).not.toBe(base);
		expect(chosenId('run-1', 'Leads', values, 1)).not.toBe(base);
		expect(chosenId('run-1', 'Leads', { ...values, status: 'Converted' }, 0)).not.toBe(base);
		expect(chosenId('run-1', 'Contacts', values, 0)).not.toBe(base);
	});
});

describe('keyedId', () => {
	it('depends on the node, module and key only', () => {
		expect(keyedId('wf\u0000node', 'Leads', 'order-7')).toMatch(UUID);
		expect(keyedId('wf\u0000node', 'Leads', 'order-7')).toBe(keyedId('wf\u0000node', 'Leads', 'order-7'));
		expect(keyedId('wf\u0000other', 'Leads', 'order-7')).not.toBe(keyedId('wf\u0000node', 'Leads', 'order-7'));
		expect(keyedId('wf\u0000node', 'Leads', 'order-8')).not.toBe(keyedId('wf\u0000node', 'Leads', 'order-7'));
		expect(keyedId('wf\u0000node', 'Leads', 'x')).not.toBe(chosenId('wf\u0000node', 'Leads', {}, 0));
	});
});
