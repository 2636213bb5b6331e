import { createHash } from 'crypto';

import { buildLoginBody, credentialKey, md5Hex, normalizeBaseUrl, type SarvLoginCredentials } from '../../../nodes/core/login';

const base: SarvLoginCredentials = {
	baseUrl: 'https://app.sarvcrm.com/API.php',
	utype: 'acme',
	username: 'admin',
	password: 'sarv-demo',
};

describe('md5Hex', () => {
	it('is the MD5 hex of the UTF-8 text', () => {
		expect(md5Hex('sarv-demo')).toBe(createHash('md5').update('sarv-demo').digest('hex'));
		expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
		expect(md5Hex('password')).toBe('5f4dcc3b5aa765d61d8327deb882cf99');
		expect(md5Hex('رمز')).toBe(createHash('md5').update(Buffer.from('رمز', 'utf8')).digest('hex'));
	});
});

describe('buildLoginBody', () => {
	it('md5 of the password, trimmed utype/user, default language, no login_type', () => {
		const body = buildLoginBody({ ...base, utype: '  acme ', username: ' admin\n' });
		expect(body).toEqual({ utype: 'acme', user_name: 'admin', password: md5Hex('sarv-demo'), language: 'en_US' });
		expect(body.password).toMatch(/^[0-9a-f]{32}$/);
		expect('login_type' in body).toBe(false);
	});

	it('the password itself is not trimmed and never sent', () => {
		const body = buildLoginBody({ ...base, password: ' sarv-demo ' });
		expect(body.password).toBe(md5Hex(' sarv-demo '));
		expect(JSON.stringify(body)).not.toContain('sarv-demo');
	});

	it('login_type only when set', () => {
		expect(buildLoginBody({ ...base, loginType: 'portal' }).login_type).toBe('portal');
		expect('login_type' in buildLoginBody({ ...base, loginType: '' })).toBe(false);
		expect('login_type' in buildLoginBody({ ...base, loginType: undefined })).toBe(false);
	});

	it('language: given or en_US', () => {
		expect(buildLoginBody({ ...base, language: 'fa_IR' }).language).toBe('fa_IR');
		expect(buildLoginBody({ ...base, language: '' }).language).toBe('en_US');
	});

	it('tolerates missing fields', () => {
		const body = buildLoginBody({ baseUrl: 'x' } as SarvLoginCredentials);
		expect(body).toEqual({ utype: '', user_name: '', password: md5Hex(''), language: 'en_US' });
	});
});

describe('normalizeBaseUrl', () => {
	it.each([
		['https://app.sarvcrm.com/API.php', 'https://app.sarvcrm.com/API.php'],
		['https://app.sarvcrm.com/API.php/', 'https://app.sarvcrm.com/API.php'],
		['https://crm.example.ir/API.php///', 'https://crm.example.ir/API.php'],
		['  http://10.0.0.5:8080/API.php  ', 'http://10.0.0.5:8080/API.php'],
	])('%j → %j', (input, expected) => {
		expect(normalizeBaseUrl(input)).toBe(expected);
	});

	it.each([['ftp://app.sarvcrm.com/API.php'], ['file:///etc/passwd'], ['javascript:alert(1)'], ['data:text/plain,x']])(
		'rejects scheme %j',
		(url) => {
			expect(() => normalizeBaseUrl(url)).toThrow(/must start with http:\/\/ or https:\/\//);
		},
	);

	it.each([['garbage'], [''], ['app.sarvcrm.com/API.php'], ['https://'], ['://x']])('rejects non-URL %j', (url) => {
		expect(() => normalizeBaseUrl(url)).toThrow(/not a valid URL/);
	});

	it('rejects undefined', () => {
		expect(() => normalizeBaseUrl(undefined as unknown as string)).toThrow(/not a valid URL/);
	});
});

describe('credentialKey', () => {
	const key = credentialKey(base);

	it('is a sha256 hex that contains neither the password nor its md5', () => {
		expect(key).toMatch(/^[0-9a-f]{64}$/);
		expect(key).not.toContain('sarv-demo');
		expect(key).not.toContain(md5Hex('sarv-demo'));
	});

	it.each<[string, Partial<SarvLoginCredentials>]>([
		['url', { baseUrl: 'https://other.sarvcrm.com/API.php' }],
		['utype', { utype: 'acme2' }],
		['user', { username: 'admin2' }],
		['password', { password: 'sarv-demo2' }],
		['password case', { password: 'Sarv-demo' }],
		['language', { language: 'fa_IR' }],
		['login type', { loginType: 'portal' }],
	])('differs when %s differs', (_name, change) => {
		expect(credentialKey({ ...base, ...change })).not.toBe(key);
	});

	it('is the same for equivalent credentials (trim, trailing slash, default language, token)', () => {
		expect(credentialKey({ ...base, baseUrl: ' https://app.sarvcrm.com/API.php/ ' })).toBe(key);
		expect(credentialKey({ ...base, utype: ' acme ', username: 'admin ' })).toBe(key);
		expect(credentialKey({ ...base, language: 'en_US' })).toBe(key);
		expect(credentialKey({ ...base, sessionToken: 'tok' })).toBe(key);
	});

	it('field boundaries cannot be shifted (utype+user)', () => {
		expect(credentialKey({ ...base, utype: 'acmead', username: 'min' })).not.toBe(
			credentialKey({ ...base, utype: 'acme', username: 'admin' }),
		);
	});
});
