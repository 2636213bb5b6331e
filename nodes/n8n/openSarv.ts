import { SarvClient } from '../core/client';
import { FieldStore } from '../core/fieldStore';
import { credentialKey, normalizeBaseUrl, type HttpRequester } from '../core/login';
import { Service2Client, type Service2Credentials } from '../core/service2/client';
import { CREDENTIAL_TYPE, credentialSessionSender, type SarvFunctions } from './sessionSender';

/** What a node run (or a dropdown load, or a poll) works with. */
export interface SarvConnection {
	client: SarvClient;
	fields: FieldStore;
	/** The service2 client on the same credential, made on first use (files, counts, bulk writes) */
	service2(): Service2Client;
}

let runs = 0;

/**
 * The client and field store for one n8n function context. Field lists are shared by all
 * SarvCRM nodes of one workflow execution with the same credential.
 */
export async function openSarv(fn: SarvFunctions): Promise<SarvConnection> {
	const credentials = (await fn.getCredentials(CREDENTIAL_TYPE)) as unknown as Service2Credentials;
	const client = new SarvClient(credentialSessionSender(fn), normalizeBaseUrl(credentials.baseUrl), String(credentials.utype ?? '').trim());
	const executionId = 'getExecutionId' in fn ? fn.getExecutionId() : undefined;
	const scope = `${executionId || `run-${++runs}`}\u0000${credentialKey(credentials)}`;
	let service2: Service2Client | undefined;
	const request: HttpRequester = async (options) => await fn.helpers.httpRequest(options);
	return { client, fields: new FieldStore(client, scope), service2: () => (service2 ??= new Service2Client(request, credentials)) };
}
