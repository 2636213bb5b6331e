import type { INodeTypeDescription } from 'n8n-workflow';

import { SarvCrmTrigger } from '../SarvCrmTrigger/SarvCrmTrigger.node';

/**
 * The trigger the nodes panel offers: the same poll as SarvCRM Trigger (sarvCrmTrigger), under a
 * type name whose stem is not the action node's. n8n's panel folds a trigger named
 * `<action node>Trigger` into the action node's entry and gives that entry the trigger's
 * description in every context; this one gets an entry of its own, so the action node's entry
 * keeps the action node's words. sarvCrmTrigger stays for saved workflows, hidden from the panel.
 */
export class SarvCrmRecordsTrigger extends SarvCrmTrigger {
	description: INodeTypeDescription = {
		...new SarvCrmTrigger().description,
		displayName: 'SarvCRM Records Trigger',
		name: 'sarvCrmRecordsTrigger',
		hidden: undefined,
	};
}
