/**
 * Server profiles: one switch per point that `docs/api-notes.md` leaves open
 * (or that real SuiteCRM-family servers answer differently). The default is the sandbox's
 * historical behaviour; every code path of the sandbox that differs reads this object.
 * Each value has a name, so the probe's report and the test matrix can name it.
 */

export const PROFILE_VALUES = {
	/** How a call with an expired or unknown token is answered. */
	session: ['invalid-session-401', 'invalid-session-403', 'login-failed-401', 'persian-403', 'body-401', 'plain-401'],
	/**
	 * Most records one Retrieve page returns, whatever `limit` asks. 20 is SuiteCRM's
	 * `list_max_entries_per_page` default; 1 is the smallest cap a server can have.
	 */
	pageCap: [300, 100, 1000, 20, 1],
	/** false: `limit` is ignored and every page is `pageCap` long (`pageCap=20,honoursLimit=false`: always 20). */
	honoursLimit: [true, false],
	/** true: without `order_by` the rows come in a different order on every call. */
	unorderedWithoutOrderBy: [false, true],
	/**
	 * How datetime columns are stored. Replies always carry ISO 8601 with +03:30 (what
	 * api-notes records from real clients); what differs is the WHERE side: 'utc' reads a
	 * literal without offset as UTC, 'tehran' as Asia/Tehran wall time (+03:30, no DST since 2022).
	 */
	timeStorage: ['utc', 'tehran'],
	/**
	 * Where custom `_c` columns live. 'same': `<table>.x_c` (the `<table>_cstm.x_c` spelling is
	 * accepted too, as the sandbox always did); 'cstm': only `<table>_cstm.x_c` or bare `x_c`,
	 * `<table>.x_c` is MySQL error 1054. GetModuleFields is the same in both (SuiteCRM's
	 * web-service field list has no vardef `source`): a client learns the table from the server.
	 */
	customFieldTable: ['same', 'cstm'],
	/**
	 * Relate fields (assigned_user_name…), link fields and non-db fields (the computed `name`
	 * of person modules) in WHERE / ORDER BY. 'mysql-1054': Unknown column. GetModuleFields tells
	 * them apart in both: `type` relate / link, `calculated` for the person name.
	 */
	nonColumnFields: ['accepted', 'mysql-1054'],
	/** false: modules have `phone_mobile` / `phone_work` instead of the `numbers` list. */
	numbersField: [true, false],
	/** 'persian-only': every message (errors, confirmations) is Persian, whatever the login language. */
	messages: ['english', 'persian-only'],
	/** 'absent': error replies carry no `code`, only status and message. */
	errorCode: ['in-body', 'absent'],
	/** `Retrieve&id=…`: `data` as a one-element array or as the record object (older servers). */
	singleRecordShape: ['array', 'object'],
	/** multienum values on read: SuiteCRM's stored `^a^,^b^` or a JSON array. */
	multienum: ['caret', 'array'],
	/**
	 * Text in `=` and IN: case-insensitive either way (*_ci collations); 'pad-space' also ignores
	 * trailing spaces (MySQL's utf8_general_ci), 'exact' does not (a NO PAD collation).
	 */
	textCompare: ['pad-space', 'exact'],
	/**
	 * The older REST service `service2/v4_1/rest.php` (service2.ts). 'json': only a JSON body with named
	 * `rest_data`, replies carry `server_response_status` (SarvCRM's customised one, the only public
	 * evidence, hence the default); 'form': only SuiteCRM's form fields with positional `rest_data`;
	 * 'both': either; 'absent': HTTP 404, a server without service2.
	 */
	service2: ['json', 'form', 'both', 'absent'],
	/** Largest file service2 takes, in bytes (SuiteCRM's `upload_maxsize` default); above it, error 16. */
	uploadLimit: [30_000_000, 1_000_000],
	/**
	 * `set_entries` with an `id` and `new_with_id: true`: SugarCRM beans keep the id the client
	 * chose ('honoured'); unverified on SarvCRM, so 'ignored' plays a server that assigns its own.
	 */
	newWithId: ['honoured', 'ignored'],
	/**
	 * A module this user's role may not use, for every session: its calls answer HTTP 403 with
	 * code 40 ("You do not have access."), on v5 and service2, while every other module works. A
	 * refusal is not an expiry: a new login is refused the same.
	 */
	refusedModule: ['none', 'Leads'],
	/**
	 * How service2's `get_entries_count` puts the caller's query beside its own deleted clause.
	 * 'parenthesised': as one group (deleted rows never counted); 'unparenthesised': SuiteCRM 7's
	 * `WHERE <query> AND <table>.deleted = 0`, so `a OR b` also counts deleted rows matching `a`.
	 */
	service2CountQuery: ['parenthesised', 'unparenthesised'],
	/**
	 * A service2 query that fails in the database (an unknown column, a syntax error). 'error-1001':
	 * a JSON error 1001 carrying MySQL's text; 'failure-page': SuiteCRM 7's `sugar_die(ERR_DB_FAIL)`
	 * on PHP 8, HTTP 500 with the one line "Database failure. Please refer to suitecrm.log for
	 * details." (no SQL message).
	 */
	service2DbFailure: ['error-1001', 'failure-page'],
	/**
	 * A service2 method called with fewer arguments than it requires. 'defaults': the missing ones
	 * read as empty; 'http-500-empty': PHP 8's ArgumentCountError, HTTP 500 with an empty body.
	 */
	service2MissingArguments: ['defaults', 'http-500-empty'],
	/**
	 * service2's `get_entry_list` with `deleted` true (v4 and v4_1: live rows and deleted ones).
	 * 'listed': deleted rows come too, `deleted` '1' and `date_modified` stamped at deletion
	 * (SuiteCRM's mark_deleted); 'hidden': a customised server that never shows them (unverified
	 * on SarvCRM, so both are played).
	 */
	deletedRows: ['listed', 'hidden'],
} as const;

type Values = typeof PROFILE_VALUES;
export type ProfileKey = keyof Values;

/** Switches that take any positive integer; the listed values are the ones the matrix runs. */
const FREE_NUMBERS = new Set<string>(['pageCap', 'uploadLimit']);
type FreeNumber = 'pageCap' | 'uploadLimit';

export type SandboxProfile = { -readonly [K in Exclude<ProfileKey, FreeNumber>]: Values[K][number] } & { [K in FreeNumber]: number };

export const DEFAULT_PROFILE: Readonly<SandboxProfile> = Object.freeze(
	Object.fromEntries(Object.entries(PROFILE_VALUES).map(([k, v]) => [k, v[0]])) as SandboxProfile,
);

export const PROFILE_KEYS = Object.keys(PROFILE_VALUES) as ProfileKey[];

/** Checks and merges a partial profile (from code, the admin API or the CLI) over a base. */
export function mergeProfile(base: SandboxProfile, changes: Record<string, unknown>): SandboxProfile {
	const next = { ...base };
	for (const [key, raw] of Object.entries(changes)) {
		if (!(key in PROFILE_VALUES)) throw new Error(`Unknown profile switch "${key}"; known: ${PROFILE_KEYS.join(', ')}`);
		const allowed = PROFILE_VALUES[key as ProfileKey] as readonly unknown[];
		const value = typeof allowed[0] === 'number' ? Number(raw) : typeof allowed[0] === 'boolean' ? raw === true || raw === 'true' : raw;
		if (!allowed.includes(value) && !(FREE_NUMBERS.has(key) && Number.isInteger(value) && (value as number) > 0)) {
			const takes = FREE_NUMBERS.has(key) ? 'a positive integer' : allowed.join(' | ');
			throw new Error(`Profile switch ${key} takes ${takes}, not "${String(raw)}"`);
		}
		(next as Record<string, unknown>)[key] = value;
	}
	return next;
}

/** `session=persian-403,pageCap=100` (CLI flag / SARV_SANDBOX_PROFILE) to a change set. */
export function parseProfileText(text: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const part of text.split(/[,\s]+/).filter(Boolean)) {
		const eq = part.indexOf('=');
		if (eq <= 0) throw new Error(`Profile setting "${part}" is not key=value`);
		out[part.slice(0, eq)] = part.slice(eq + 1);
	}
	return out;
}

/** Every single-switch variation of the default: what the test matrix and the probe test run. */
export function profileVariants(): Array<{ key: ProfileKey; value: SandboxProfile[ProfileKey]; profile: SandboxProfile }> {
	return PROFILE_KEYS.flatMap((key) =>
		(PROFILE_VALUES[key] as readonly SandboxProfile[ProfileKey][]).map((value) => ({
			key,
			value,
			profile: { ...DEFAULT_PROFILE, [key]: value } as SandboxProfile,
		})),
	);
}

/**
 * SuiteCRM 7's service2 on PHP 8, as its source behaves (docs/api-notes.md, "service2: how
 * SuiteCRM 7 composes and fails"): form fields only, custom fields in `<table>_cstm`, the count's
 * unparenthesised deleted clause, the opaque database-failure page, ArgumentCountError.
 */
export const SUITECRM7_PHP8: Readonly<Partial<SandboxProfile>> = Object.freeze({
	service2: 'form',
	customFieldTable: 'cstm',
	service2CountQuery: 'unparenthesised',
	service2DbFailure: 'failure-page',
	service2MissingArguments: 'http-500-empty',
});
