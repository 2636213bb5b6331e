import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** One stored credential, as n8n keeps it in its database (but unencrypted: it's a test). */
export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/** What `updateCredentials` wrote, in order: lets tests see when n8n persisted a new token. */
export interface CredentialUpdate {
	id: string;
	type: string;
	data: ICredentialDataDecryptedObject;
	at: Date;
}

/**
 * Stand-in for n8n's credentials table. Everything going in or out is copied, so a test
 * holding a credential object never sees it change behind its back (and n8n-core code
 * that mutates the decrypted object, as httpRequestWithAuthentication does with the
 * refreshed token, cannot change the stored record without going through an update).
 */
export class CredentialStore {
	private readonly records = new Map<string, StoredCredential>();

	readonly updates: CredentialUpdate[] = [];

	set(credential: StoredCredential): void {
		this.records.set(credential.id, clone(credential));
	}

	get(id: string): StoredCredential | undefined {
		const record = this.records.get(id);
		return record ? clone(record) : undefined;
	}

	has(id: string): boolean {
		return this.records.has(id);
	}

	delete(id: string): void {
		this.records.delete(id);
	}

	/** Replaces the data of an existing record, as n8n's `credentialsRepository.update` does. */
	update(id: string, type: string, data: ICredentialDataDecryptedObject): void {
		const record = this.records.get(id);
		if (!record) throw new Error(`Credential "${id}" is not in the harness store`);
		record.data = clone(data);
		this.updates.push({ id, type, data: clone(data), at: new Date() });
	}

	/** Number of `updateCredentials` calls for one credential (or all). */
	updateCount(id?: string): number {
		return id === undefined ? this.updates.length : this.updates.filter((u) => u.id === id).length;
	}
}

function clone<T>(value: T): T {
	return structuredClone(value);
}
