import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import type { SarvLoginCredentials } from '../nodes/core/login';
import { obtainSessionToken } from '../nodes/core/session';

export class SarvCrmApi implements ICredentialType {
	name = 'sarvCrmApi';

	displayName = 'SarvCRM API';

	documentationUrl = 'https://github.com/n8n-nodes-sarvcrm/n8n-nodes-sarvcrm#credentials';

	icon: Icon = { light: 'file:../icons/sarvcrm.svg', dark: 'file:../icons/sarvcrm.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://app.sarvcrm.com/API.php',
			placeholder: 'https://app.sarvcrm.com/API.php',
			description: 'Address of the SarvCRM REST API (API.php). Change it only for a self-hosted SarvCRM.',
			required: true,
		},
		{
			displayName: 'Instance Key (utype)',
			name: 'utype',
			type: 'string',
			default: '',
			placeholder: 'mycompany',
			hint: 'Your company\'s instance name: the "utype" in the SarvCRM login page address (…/index.php?utype=mycompany).',
			required: true,
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Sent as its MD5 hash, as the SarvCRM API requires',
			required: true,
		},
		{
			displayName: 'Language',
			name: 'language',
			type: 'options',
			options: [
				{ name: 'English (en_US)', value: 'en_US' },
				{ name: 'Persian (fa_IR)', value: 'fa_IR' },
			],
			default: 'en_US',
			description: 'Language of field labels and server messages',
		},
		{
			displayName: 'Login Type',
			name: 'loginType',
			type: 'string',
			default: '',
			placeholder: 'portal',
			description: 'Only for instances that require one (e.g. "portal"); leave empty otherwise',
		},
		{
			displayName: 'Service2 URL',
			name: 'service2Url',
			type: 'string',
			default: '',
			placeholder: 'https://app.sarvcrm.com/service2/v4_1/rest.php?utype=mycompany',
			description:
				"Address of SarvCRM's older REST service (service2), used for files on Notes and Documents. " +
				'Leave empty to use service2/v4_1/rest.php beside the Base URL.',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const sessionToken = await obtainSessionToken(
			async (options) => await this.helpers.httpRequest(options),
			credentials as unknown as SarvLoginCredentials,
		);
		return { sessionToken };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.sessionToken}}',
			},
		},
	};

	/**
	 * The login itself (preAuthentication) tells a wrong password, utype or URL apart; this
	 * call proves the token works. Any user may be denied a module (403, code 40), and a
	 * denial still proves a valid session, so only an answer that rejects the session or a
	 * server error fails the test.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '',
			method: 'GET',
			qs: { method: 'GetModuleFields', module: 'Accounts' },
			headers: { Accept: 'application/json' },
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status',
					value: 401,
					message: 'SarvCRM accepted the login but refused its session token: check that the Base URL is the API.php of this instance',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status',
					value: 500,
					message: 'SarvCRM accepted the login but answered the next call with a server error (HTTP 500)',
				},
			},
		],
	};
}
