/**
 * The SarvCRM module table (API doc, "Module List"). Everything per-module in the
 * package (resource picker, SQL table names, labels) is derived from this one list.
 */
export interface SarvModule {
	/** Module key exactly as the API expects it in `module=` */
	key: string;
	/** English label (the resource picker's name) */
	label: string;
	/** One record in English, as action names use it ("Create a lead") */
	singular: string;
	/** Several records in English ("Get many leads") */
	plural: string;
	/** Table used to qualify columns in `query` / `order_by` */
	table: string;
	/** "a" or "an" before the singular */
	a: string;
	/** Its records hold phone numbers (the `numbers` list or SuiteCRM's phone columns): SearchByNumber finds them */
	holdsPhones: boolean;
}

type ModuleRow = [key: string, label: string, singular: string, plural: string, table?: string];

const MODULE_ROWS: ModuleRow[] = [
	['Accounts', 'Accounts', 'account', 'accounts'],
	['AOS_Contracts', 'Sales Contract', 'sales contract', 'sales contracts'],
	['AOS_Invoices', 'Invoices', 'invoice', 'invoices'],
	['AOS_PDF_Templates', 'PDF Templates', 'PDF template', 'PDF templates'],
	['AOS_Product_Categories', 'Product Categories', 'product category', 'product categories'],
	['AOS_Products', 'Products', 'product', 'products'],
	['AOS_Quotes', 'Quotes', 'quote', 'quotes'],
	['Appointments', 'Appointments', 'appointment', 'appointments'],
	['Approval', 'Approval', 'approval', 'approvals'],
	['asol_Project', 'Project', 'project', 'projects'],
	['Branches', 'Branches', 'branch', 'branches'],
	['Bugs', 'Bug Tracker', 'bug', 'bugs'],
	['Calls', 'Calls', 'call', 'calls'],
	['Cases', 'Cases', 'case', 'cases'],
	['Communications', 'Communications', 'communication', 'communications'],
	['Communications_Target', 'Communications Target', 'communication target', 'communication targets'],
	['Communications_Template', 'Communications Template', 'communication template', 'communication templates'],
	['Campaigns', 'Campaigns', 'campaign', 'campaigns'],
	['Contacts', 'Contacts', 'contact', 'contacts'],
	['Deposits', 'Deposits', 'deposit', 'deposits'],
	['Documents', 'Documents', 'document', 'documents'],
	['Emails', 'Emails', 'email', 'emails'],
	['Knowledge_Base', 'Knowledge Base', 'knowledge base article', 'knowledge base articles'],
	['Knowledge_Base_Categories', 'Knowledge Base Categories', 'knowledge base category', 'knowledge base categories'],
	['Leads', 'Leads', 'lead', 'leads'],
	['Meetings', 'Meetings', 'meeting', 'meetings'],
	['Notes', 'Notes', 'note', 'notes'],
	['OBJ_Conditions', 'Conditions', 'condition', 'conditions'],
	['OBJ_Indicators', 'Indicators', 'indicator', 'indicators'],
	['OBJ_Objectives', 'Objectives', 'objective', 'objectives'],
	['Opportunities', 'Opportunities', 'opportunity', 'opportunities'],
	['Payments', 'Payments', 'payment', 'payments'],
	['Purchase_Order', 'Purchase Order', 'purchase order', 'purchase orders'],
	['sc_competitor', 'Competitor', 'competitor', 'competitors'],
	['sc_Contract', 'Support Contracts', 'support contract', 'support contracts'],
	['sc_contract_management', 'Services', 'service', 'services'],
	['Service_Centers', 'Service Centers', 'service center', 'service centers'],
	['Tasks', 'Tasks', 'task', 'tasks'],
	['Timesheet', 'Timesheet', 'timesheet', 'timesheets'],
	// Vendors are accounts of another type: they live in the accounts table.
	['Vendors', 'Vendors', 'vendor', 'vendors', 'accounts'],
];

/**
 * The modules whose records carry phone numbers: people and organisations (SuiteCRM's Accounts,
 * Contacts, Leads; SarvCRM's Vendors, Branches, Competitors, Service Centers). Notes, templates,
 * invoices and the like have none, so a phone search there could only come back empty.
 */
const PHONE_MODULES = new Set(['Accounts', 'Branches', 'Contacts', 'Leads', 'sc_competitor', 'Service_Centers', 'Vendors']);

export const SARV_MODULES: readonly SarvModule[] = MODULE_ROWS.map(([key, label, singular, plural, table]) => ({
	key,
	label,
	singular,
	plural,
	table: table ?? key.toLowerCase(),
	a: /^[aeiou]/i.test(singular) ? 'an' : 'a',
	holdsPhones: PHONE_MODULES.has(key),
}));

const BY_KEY = new Map(SARV_MODULES.map((m) => [m.key, m]));

export function findModule(key: string): SarvModule | undefined {
	return BY_KEY.get(key);
}
