/**
 * The one road to SarvCRM, under v5 and service2 alike: a call is sent with the session, its
 * reply read by the API's classifier into an answer or one failure; where the classifier says a
 * new session may help, one renewal (shared by every caller that saw the same session refused)
 * and one retry. The APIs are tables of methods over it (client.ts, service2/client.ts).
 */
import type { SarvCallSite } from './errors';
import { afterRenewal, sarvError, type SarvFailure } from './failure';
import { refusedBefore, rememberRefusal, type ServerKnowledge } from './server';

/** One try of a call: its answer or its failure, with the session it carried and when it left. */
export type Attempt<A> = ({ answer: A } | { failure: SarvFailure }) & { session?: string; sentAt?: number };

export interface SessionCall<A> {
	/** Sends with the current session (one login first when there is none) */
	send(): Promise<Attempt<A>>;
	/** Sends again with a new session, `refused` being the try the server refused */
	sendRenewed(refused: Attempt<A>): Promise<Attempt<A>>;
	/** The API's word on a failure: a new session may help (v5: any 401/403; service2: error 11) */
	renews(failure: SarvFailure): boolean;
	/** What is known of the server: modules that refuse this user's sessions are learned there */
	server: ServerKnowledge;
	/** Where the call goes, for the error and for the refusals learned per module */
	site: SarvCallSite;
}

/**
 * Sends one call and answers its answer, or throws one SarvApiError. A refusal is not an expiry:
 * a module that denied access (403, code 40) to a session obtained for it is not given another
 * login when it answers that session the same words again, so many items refused cost one
 * renewal, at any parallelism; any other answer (an expiry) is renewed as ever.
 */
export async function sendWithSession<A>(call: SessionCall<A>): Promise<A> {
	const { server, site } = call;
	let attempt = await call.send();
	if ('failure' in attempt && call.renews(attempt.failure)) {
		const refused = isRefusal(attempt.failure) && site.module && refusedBefore(server, site.module, attempt.session, attempt.failure);
		if (refused) {
			attempt = { failure: afterRenewal(attempt.failure) };
		} else {
			const renewed = await call.sendRenewed(attempt);
			if ('failure' in renewed && isRefusal(renewed.failure) && site.module)
				rememberRefusal(server, site.module, renewed.session, renewed.failure);
			attempt = 'failure' in renewed ? { failure: afterRenewal(renewed.failure) } : renewed;
		}
	}
	if ('answer' in attempt) return attempt.answer;
	// Renewed already where it helps: nothing downstream should log in again for it.
	throw sarvError({ ...attempt.failure, relogin: false }, {}, site);
}

/** The user may not do this (403, code 40), as opposed to a session that is over. */
function isRefusal(failure: SarvFailure): boolean {
	return failure.kind === 'access';
}
