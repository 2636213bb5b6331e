/**
 * The SarvCRM module table (API doc, "Module List"). Everything per-module in the
 * package (resource picker, SQL table names, labels) is derived from this one list.
 */
export interface SarvModule {
	/** Module key exactly as the API expects it in `module=` */
	key: string;
	/** English label (the resource picker's name) */
	label: string;
	/** Persian label, shown in descriptions for fa_IR users */
	labelFa: string;
	/** Table used to qualify columns in `query` / `order_by` */
	table: string;
	/** English nouns for action names ("Create a lead", "Get many leads") */
	singular: string;
	plural: string;
	/** "a" or "an" before the singular */
	a: string;
}

type ModuleRow = [key: string, label: string, labelFa: string, table?: string, singular?: string, plural?: string];

const MODULE_ROWS: ModuleRow[] = [
	['Accounts', 'Accounts', 'حساب ها'],
	['AOS_Contracts', 'Sales Contract', 'قراردادهای فروش'],
	['AOS_Invoices', 'Invoices', 'فاکتورها'],
	['AOS_PDF_Templates', 'PDF Templates', 'قالب های PDF'],
	['AOS_Product_Categories', 'Product Categories', 'دسته های محصول'],
	['AOS_Products', 'Products', 'محصولات'],
	['AOS_Quotes', 'Quotes', 'پیش فاکتورها'],
	['Appointments', 'Appointments', 'بازدیدها'],
	['Approval', 'Approval', 'تاییدیه'],
	['asol_Project', 'Project', 'پروژه'],
	['Branches', 'Branches', 'شعب'],
	['Bugs', 'Bug Tracker', 'پیگیری ایرادهای محصول'],
	['Calls', 'Calls', 'تماس ها'],
	['Cases', 'Cases', 'سرویس ها'],
	['Communications', 'Communications', 'ارتباطات'],
	['Communications_Target', 'Communications Target', 'هدف ارتباطات'],
	['Communications_Template', 'Communications Template', 'قالب ارتباطات'],
	['Campaigns', 'Campaigns', 'کمپین ها'],
	['Contacts', 'Contacts', 'افراد'],
	['Deposits', 'Deposits', 'ودیعه'],
	['Documents', 'Documents', 'اسناد'],
	['Emails', 'Emails', 'ایمیل ها'],
	['Knowledge_Base', 'Knowledge Base', 'پایگاه دانش'],
	['Knowledge_Base_Categories', 'Knowledge Base Categories', 'دسته پایگاه دانش'],
	['Leads', 'Leads', 'سرنخ'],
	['Meetings', 'Meetings', 'جلسات'],
	['Notes', 'Notes', 'یادداشت ها'],
	['OBJ_Conditions', 'Conditions', 'شرایط شاخص'],
	['OBJ_Indicators', 'Indicators', 'شاخص'],
	['OBJ_Objectives', 'Objectives', 'اهداف'],
	['Opportunities', 'Opportunities', 'فرصت ها'],
	['Payments', 'Payments', 'پرداخت ها'],
	['Purchase_Order', 'Purchase Order', 'سفارش خرید'],
	['sc_competitor', 'Competitor', 'رقبا'],
	['sc_Contract', 'Support Contracts', 'قراردادهای پشتیبانی'],
	['sc_contract_management', 'Services', 'خدمات'],
	['Service_Centers', 'Service Centers', 'مراکز سرویس'],
	['Tasks', 'Tasks', 'وظایف'],
	['Timesheet', 'Timesheet', 'تایم شیت'],
	// Vendors are accounts of another type: they live in the accounts table.
	['Vendors', 'Vendors', 'تامین کنندگان', 'accounts'],
];

/** Nouns that the plain rule (label in lower case, final "s" dropped) gets wrong. */
const NOUNS: Record<string, [singular: string, plural: string]> = {
	AOS_Contracts: ['sales contract', 'sales contracts'],
	AOS_PDF_Templates: ['PDF template', 'PDF templates'],
	AOS_Product_Categories: ['product category', 'product categories'],
	Approval: ['approval', 'approvals'],
	asol_Project: ['project', 'projects'],
	Branches: ['branch', 'branches'],
	Bugs: ['bug', 'bugs'],
	Communications_Target: ['communications target', 'communications targets'],
	Communications_Template: ['communications template', 'communications templates'],
	Knowledge_Base: ['knowledge base article', 'knowledge base articles'],
	Knowledge_Base_Categories: ['knowledge base category', 'knowledge base categories'],
	OBJ_Conditions: ['condition', 'conditions'],
	OBJ_Indicators: ['indicator', 'indicators'],
	OBJ_Objectives: ['objective', 'objectives'],
	Opportunities: ['opportunity', 'opportunities'],
	Purchase_Order: ['purchase order', 'purchase orders'],
	sc_competitor: ['competitor', 'competitors'],
	sc_Contract: ['support contract', 'support contracts'],
	sc_contract_management: ['service', 'services'],
	Timesheet: ['timesheet', 'timesheets'],
	Vendors: ['vendor', 'vendors'],
};

function nouns(key: string, label: string): [string, string] {
	const known = NOUNS[key];
	if (known) return known;
	const plural = label.toLowerCase();
	return [plural.replace(/s$/, ''), plural];
}

export const SARV_MODULES: readonly SarvModule[] = MODULE_ROWS.map(([key, label, labelFa, table]) => {
	const [singular, plural] = nouns(key, label);
	return { key, label, labelFa, table: table ?? key.toLowerCase(), singular, plural, a: /^[aeiou]/i.test(singular) ? 'an' : 'a' };
});

const BY_KEY = new Map(SARV_MODULES.map((m) => [m.key, m]));

export function findModule(key: string): SarvModule | undefined {
	return BY_KEY.get(key);
}

/** SQL table that qualifies this module's columns in `query` and `order_by`. */
export function moduleTable(key: string): string {
	return findModule(key)?.table ?? key.toLowerCase();
}
