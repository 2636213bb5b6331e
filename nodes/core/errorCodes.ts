/**
 * SarvCRM error codes, from the API reference ("Errors"). The server answers
 * `{status, message, data}`; the code may come as `code` in the body or only be
 * recognisable from the message, so both the code and its message text are kept.
 */
export interface SarvErrorCode {
	code: number;
	httpStatus: number;
	name: string;
	message: string;
	/** What the user should do, shown as the error's description in n8n */
	hint: string;
}

type Row = [code: number, httpStatus: number, name: string, message: string, hint: string];

const ROWS: Row[] = [
	[
		10,
		401,
		'Invalid login',
		'Login attempt failed please check the username and password.',
		'Check the Username, Password and Instance Key (utype) of the SarvCRM credential.',
	],
	[
		11,
		401,
		'Invalid Session ID',
		'The session ID is invalid.',
		'The session expired and logging in again did not help; open the credential and press Test to check the login.',
	],
	[
		12,
		401,
		'User Not Configured',
		'Please log into your instance of SarvCRM to configure your user.',
		'Log into the SarvCRM web app once with this user to finish its set-up, then retry.',
	],
	// The doc lists code 12 twice; the HTTP status tells them apart.
	[
		12,
		400,
		'Invalid Portal Client',
		'Portal Client does not have authorized access.',
		'This portal client is not allowed to use the API; check the Login Type of the credential or ask your SarvCRM admin.',
	],
	[
		14,
		400,
		'Required Fields',
		'Please fill out the required fields and try again.',
		'Add every required field of the module (see the "Get Fields" operation, required fields are marked) and retry.',
	],
	[
		15,
		400,
		'Type Mismatch',
		'Type mismatch Error.',
		'A value does not match its field type: numbers for int/float/currency, true/false for bool, ISO 8601 for dates, a listed option for enums.',
	],
	[16, 400, 'File is Too Large', 'Uploaded file is too large and exceeded the file size limit.', 'Send a smaller file.'],
	[
		20,
		404,
		'Module Does Not Exist',
		'This module is not available on this server.',
		'This module is not enabled on your SarvCRM instance; pick another Resource or ask your SarvCRM admin to enable it.',
	],
	[21, 404, 'File Does Not Exist', 'The desired file does not exist on the server.', 'Check the file id.'],
	[
		22,
		400,
		'Deleted Record',
		'Access to this object is denied since it has been deleted or does not exist.',
		'The record id does not exist or the record was deleted; check the Record ID (use "Get Many" to find it).',
	],
	[
		30,
		400,
		'Module Not Supported',
		'This module does not support this feature.',
		'This operation is not available for this module; pick another operation.',
	],
	[
		31,
		400,
		'Relationship Not Supported',
		'This module does not support this relationship.',
		'Pick a relationship field of this module (the Relationship Field list shows the available ones).',
	],
	[
		40,
		403,
		'Access Denied',
		'You do not have access.',
		'The SarvCRM user of this credential lacks the permission; ask your SarvCRM admin for access to this module.',
	],
	[
		50,
		400,
		'Duplicate Records',
		'Duplicate records have been found. Please be more specific.',
		'Narrow the match (add match fields) or allow updating every match.',
	],
	[51, 404, 'No Records', 'No records were found.', 'Nothing matched; check the ID or the filters.'],
	[
		60,
		401,
		'Sessions Exceeded',
		'Number of sessions exceeded.',
		'This user has too many open sessions; close some (log out elsewhere) or use a dedicated API user, then retry.',
	],
	[
		70,
		401,
		'Admin credentials are required',
		'The logged-in user is not an administrator.',
		'Use a credential of a SarvCRM administrator for this operation.',
	],
	[
		90,
		400,
		'Resource Management Error',
		'The resource query limit specified in config.php has been exceeded during execution of the SOAP method.',
		'Ask for fewer records at once (lower the Limit or add filters).',
	],
	[
		1000,
		400,
		'Invalid call for this module',
		'This is an invalid call for this module. Please look at WSDL file for details.',
		'This operation is not valid for this module.',
	],
	[
		1001,
		400,
		'Invalid data sent',
		'The data sent for this function is invalid. Please look at WSDL file for details.',
		'Check the field names and values sent.',
	],
	[
		1005,
		400,
		'Invalid set_campaign_merge data',
		'set_campaign_merge: Merge action status will not be updated, because, campaign_id is null or no targets were selected.',
		'Set a campaign and at least one target.',
	],
	[
		1008,
		401,
		'Password Expired',
		'Your password has expired. Please provide a new password.',
		'Log into the SarvCRM web app, set a new password, then update the credential.',
	],
	[
		1009,
		401,
		'lockout reached',
		'You have been locked out of the SarvCRM application and cannot log in using existing password. Please contact your Administrator.',
		'Ask your SarvCRM administrator to unlock this user; do not retry the login until then.',
	],
];

export const SARV_ERROR_CODES: readonly SarvErrorCode[] = ROWS.map(([code, httpStatus, name, message, hint]) => ({
	code,
	httpStatus,
	name,
	message,
	hint,
}));

export function findErrorCode(code: number | undefined, httpStatus?: number): SarvErrorCode | undefined {
	if (code === undefined) return undefined;
	const candidates = SARV_ERROR_CODES.filter((e) => e.code === code);
	return candidates.find((e) => e.httpStatus === httpStatus) ?? candidates[0];
}

/** Recognises a code from the server's message text when the body carries no code. */
export function errorCodeFromMessage(message: string): SarvErrorCode | undefined {
	const normalized = message.trim().toLowerCase().replace(/\.$/, '');
	if (!normalized) return undefined;
	return SARV_ERROR_CODES.find((e) => {
		const known = e.message.toLowerCase().replace(/\.$/, '');
		return normalized === known || normalized.includes(known) || normalized === e.name.toLowerCase();
	});
}
