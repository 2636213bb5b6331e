import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import { markRefused, type RawResponse, type SentCall, type SessionSender } from '../core/session';
import type { SarvLoginCredentials } from '../core/login';

export const CREDENTIAL_TYPE = 'sarvCrmApi';

export type SarvFunctions = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/**
 * Sends with the token n8n keeps in the credential. A renewal goes through n8n's own path:
 * the credential is handed over with an empty token, so n8n runs preAuthentication (one
 * shared login, see core/session.ts), stores the new token for later executions, and sends.
 * That works whatever way the server said the session is over (401, 403, or in the body).
 */
export function credentialSessionSender(fn: SarvFunctions): SessionSender {
	const readCredentials = async () => (await fn.getCredentials(CREDENTIAL_TYPE)) as ICredentialDataDecryptedObject;
	const renewed = async (options: IHttpRequestOptions, refused: string, refusedSentAt?: number): Promise<SentCall> => {
		const stored = await readCredentials();
		markRefused(stored as unknown as SarvLoginCredentials, refused, refusedSentAt);
		const ref = fn.getNode().credentials?.[CREDENTIAL_TYPE];
		const data: ICredentialDataDecryptedObject = { ...stored, sessionToken: '' };
		const response = (await fn.helpers.httpRequestWithAuthentication.call(fn, CREDENTIAL_TYPE, options, {
			credentialsDecrypted: { id: ref?.id ?? '', name: ref?.name ?? '', type: CREDENTIAL_TYPE, data },
		})) as RawResponse;
		return { response, token: String(data.sessionToken ?? '') };
	};
	return {
		async send(options) {
			// Stamped before the token is read: a token this process obtained after that moment is
			// newer than the one this call carries (see markRefused).
			const sentAt = Date.now();
			const token = String((await readCredentials()).sessionToken ?? '');
			if (!token) return await renewed(options, '');
			const response = (await fn.helpers.httpRequest({
				...options,
				headers: { ...options.headers, Authorization: `Bearer ${token}` },
			})) as RawResponse;
			return { response, token, sentAt };
		},
		sendRenewed: renewed,
	};
}
