/**
 * Users and session tokens. A token remembers its user, language and expiry; the
 * sandbox never sees a plain password on the wire, only its MD5 as the real API.
 */
import { createHash, randomBytes } from 'crypto';

import type { Language } from './fields';
import { uuidFromBytes } from './values';

export interface SandboxUser {
	user_name: string;
	password: string;
	state?: 'ok' | 'passwordExpired' | 'lockedOut';
	maxSessions?: number;
	/** Modules this user's role may not use: their calls answer 403, code 40 (Access Denied). */
	deniedModules?: string[];
}

export interface Session {
	token: string;
	userId: string;
	userName: string;
	language: Language;
	expiresAt: number;
}

export const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

/** Admin is '1' as in SuiteCRM; other users get a stable uuid from their name. */
export function userId(user: SandboxUser, index: number): string {
	return index === 0 ? '1' : uuidFromBytes(createHash('md5').update(`user:${user.user_name}`).digest());
}

export type LoginResult = { ok: true; session: Session } | { ok: false; code: number };

export class Sessions {
	private tokens = new Map<string, Session>();

	constructor(
		private readonly utype: string,
		private readonly users: SandboxUser[],
		public lifetimeMs: number,
	) {}

	login(body: Record<string, unknown>): LoginResult {
		const index = this.users.findIndex((u) => u.user_name === body.user_name);
		const user = this.users[index];
		if (body.utype !== this.utype || !user || typeof body.password !== 'string' || body.password.toLowerCase() !== md5(user.password))
			return { ok: false, code: 10 };
		if (user.state === 'passwordExpired') return { ok: false, code: 1008 };
		if (user.state === 'lockedOut') return { ok: false, code: 1009 };
		const id = userId(user, index);
		const now = Date.now();
		const active = [...this.tokens.values()].filter((s) => s.userId === id && s.expiresAt > now).length;
		if (user.maxSessions !== undefined && active >= user.maxSessions) return { ok: false, code: 60 };
		const session: Session = {
			token: randomBytes(16).toString('hex'),
			userId: id,
			userName: user.user_name,
			language: body.language === 'fa_IR' ? 'fa_IR' : 'en_US',
			expiresAt: now + this.lifetimeMs,
		};
		this.tokens.set(session.token, session);
		return { ok: true, session };
	}

	/** The live session of an `Authorization: Bearer` header, if any. */
	check(authorization: string | undefined): Session | undefined {
		const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
		const s = m ? this.tokens.get(m[1]) : undefined;
		if (!s) return undefined;
		if (s.expiresAt <= Date.now()) {
			this.tokens.delete(s.token);
			return undefined;
		}
		return s;
	}

	expireAll(): void {
		this.tokens.clear();
	}

	get active(): number {
		const now = Date.now();
		return [...this.tokens.values()].filter((s) => s.expiresAt > now).length;
	}
}
