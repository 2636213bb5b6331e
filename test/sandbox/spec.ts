/**
 * The sandbox's own copy of SarvCRM's spec tables, taken from the official API text
 * (docs/api-reference.txt: "Module List" and "Errors") and the API notes (docs/api-notes.md:
 * table names). The sandbox models the server, so it never reads the node's tables: a typo on
 * one side shows up as a disagreement (test/unit/sandbox/spec-agreement.test.ts).
 */

export interface SpecModule {
	/** Module key, as `module=` takes it */
	key: string;
	/** Label of an fa_IR server */
	labelFa: string;
	/** Label of an en_US server */
	labelEn: string;
	/** Table that qualifies the module's columns in `query` and `order_by` */
	table: string;
}

/** "Module List", in the API text's order: key, Persian label, English label. */
const MODULE_ROWS: Array<[key: string, labelFa: string, labelEn: string]> = [
	['Accounts', 'حساب ها', 'Accounts'],
	['AOS_Contracts', 'قراردادهای فروش', 'Sales Contract'],
	['AOS_Invoices', 'فاکتورها', 'Invoices'],
	['AOS_PDF_Templates', 'قالب های PDF', 'PDF Templates'],
	['AOS_Product_Categories', 'دسته های محصول', 'Product Categories'],
	['AOS_Products', 'محصولات', 'Products'],
	['AOS_Quotes', 'پیش فاکتورها', 'Quotes'],
	['Appointments', 'بازدیدها', 'Appointments'],
	['Approval', 'تاییدیه', 'Approval'],
	['asol_Project', 'پروژه', 'Project'],
	['Branches', 'شعب', 'Branches'],
	['Bugs', 'پیگیری ایرادهای محصول', 'Bug Tracker'],
	['Calls', 'تماس ها', 'Calls'],
	['Cases', 'سرویس ها', 'Cases'],
	['Communications', 'ارتباطات', 'Communications'],
	['Communications_Target', 'هدف ارتباطات', 'Communications Target'],
	['Communications_Template', 'قالب ارتباطات', 'Communications Template'],
	['Campaigns', 'کمپین ها', 'Campaigns'],
	['Contacts', 'افراد', 'Contacts'],
	['Deposits', 'ودیعه', 'Deposits'],
	['Documents', 'اسناد', 'Documents'],
	['Emails', 'ایمیل ها', 'Emails'],
	['Knowledge_Base', 'پایگاه دانش', 'Knowledge Base'],
	['Knowledge_Base_Categories', 'دسته پایگاه دانش', 'Knowledge Base Categories'],
	['Leads', 'سرنخ', 'Leads'],
	['Meetings', 'جلسات', 'Meetings'],
	['Notes', 'یادداشت ها', 'Notes'],
	['OBJ_Conditions', 'شرایط شاخص', 'Conditions'],
	['OBJ_Indicators', 'شاخص', 'Indicators'],
	['OBJ_Objectives', 'اهداف', 'Objectives'],
	['Opportunities', 'فرصت ها', 'Opportunities'],
	['Payments', 'پرداخت ها', 'Payments'],
	['Purchase_Order', 'سفارش خرید', 'Purchase Order'],
	['sc_competitor', 'رقبا', 'Competitor'],
	['sc_Contract', 'قراردادهای پشتیبانی', 'Support Contracts'],
	['sc_contract_management', 'خدمات', 'Services'],
	['Service_Centers', 'مراکز سرویس', 'Service Centers'],
	['Tasks', 'وظایف', 'Tasks'],
	['Timesheet', 'تایم شیت', 'Timesheet'],
	['Vendors', 'تامین کنندگان', 'Vendors'],
];

/** The notes: the table is the key in lower case, and Vendors live in the accounts table. */
const tableOf = (key: string) => (key === 'Vendors' ? 'accounts' : key.toLowerCase());

export const SPEC_MODULES: readonly SpecModule[] = MODULE_ROWS.map(([key, labelFa, labelEn]) => ({
	key,
	labelFa,
	labelEn,
	table: tableOf(key),
}));

const MODULES_BY_KEY = new Map(SPEC_MODULES.map((m) => [m.key, m]));

export const MODULE_KEYS: readonly string[] = SPEC_MODULES.map((m) => m.key);

export function specModule(key: string): SpecModule | undefined {
	return MODULES_BY_KEY.get(key);
}

/** Table of a module's columns in SQL (the key in lower case for a key the list does not have). */
export function moduleTable(key: string): string {
	return specModule(key)?.table ?? key.toLowerCase();
}

export function moduleLabelFa(key: string): string {
	return specModule(key)?.labelFa ?? key;
}

export interface SpecError {
	httpStatus: number;
	code: number;
	name: string;
	/** The "Meaning" column: what an en_US server answers as `message` */
	message: string;
}

/** "Errors", in the API text's order: HTTP status, code, code name, meaning. */
const ERROR_ROWS: Array<[httpStatus: number, code: number, name: string, message: string]> = [
	[401, 10, 'Invalid login', 'Login attempt failed please check the username and password.'],
	[401, 11, 'Invalid Session ID', 'The session ID is invalid.'],
	[401, 12, 'User Not Configured', 'Please log into your instance of SarvCRM to configure your user.'],
	[400, 12, 'Invalid Portal Client', 'Portal Client does not have authorized access.'],
	[400, 14, 'Required Fields', 'Please fill out the required fields and try again.'],
	[400, 15, 'Type Mismatch', 'Type mismatch Error.'],
	[400, 16, 'File is Too Large', 'Uploaded file is too large and exceeded the file size limit.'],
	[404, 20, 'Module Does Not Exist', 'This module is not available on this server.'],
	[404, 21, 'File Does Not Exist', 'The desired file does not exist on the server.'],
	[400, 22, 'Deleted Record', 'Access to this object is denied since it has been deleted or does not exist.'],
	[400, 30, 'Module Not Supported', 'This module does not support this feature.'],
	[400, 31, 'Relationship Not Supported', 'This module does not support this relationship.'],
	[403, 40, 'Access Denied', 'You do not have access.'],
	[400, 50, 'Duplicate Records', 'Duplicate records have been found. Please be more specific.'],
	[404, 51, 'No Records', 'No records were found.'],
	[401, 60, 'Sessions Exceeded', 'Number of sessions exceeded.'],
	[401, 70, 'Admin credentials are required', 'The logged-in user is not an administrator.'],
	[
		400,
		90,
		'Resource Management Error',
		'The resource query limit specified in config.php has been exceeded during execution of the SOAP method.',
	],
	[400, 1000, 'Invalid call for this module', 'This is an invalid call for this module. Please look at WSDL file for details.'],
	[400, 1001, 'Invalid data sent', 'The data sent for this function is invalid. Please look at WSDL file for details.'],
	[
		400,
		1005,
		'Invalid set_campaign_merge data',
		'set_campaign_merge: Merge action status will not be updated, because, campaign_id is null or no targets were selected.',
	],
	[401, 1008, 'Password Expired', 'Your password has expired. Please provide a new password.'],
	[
		401,
		1009,
		'lockout reached',
		'You have been locked out of the SarvCRM application ' +
			'and cannot log in using existing password. Please contact your Administrator.',
	],
];

export const SPEC_ERRORS: readonly SpecError[] = ERROR_ROWS.map(([httpStatus, code, name, message]) => ({
	httpStatus,
	code,
	name,
	message,
}));

/**
 * The error row of a code. The text lists code 12 twice (401 User Not Configured, 400 Invalid
 * Portal Client): the HTTP status picks one, else the first listed.
 */
export function specError(code: number, httpStatus?: number): SpecError | undefined {
	const rows = SPEC_ERRORS.filter((e) => e.code === code);
	return rows.find((e) => e.httpStatus === httpStatus) ?? rows[0];
}
